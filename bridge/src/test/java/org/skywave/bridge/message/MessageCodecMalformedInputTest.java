package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over truncated, random and mutated input the decoder throws only MalformedMessageException.
 * {@link MessageCodec#decode} renames no other exception, so an IndexOutOfBounds, a
 * NullPointerException or an ArithmeticException out of a decoder bug escapes it and fails here,
 * at the layer the station calls.
 */
class MessageCodecMalformedInputTest {

    private final MessageCodec codec = MessageCodec.INSTANCE;

    @Provide
    Arbitrary<Message> anyMessage() {
        return MessageArbitraries.messages();
    }

    @Property(tries = 400, seed = "11")
    void everyTruncationIsMalformed(@ForAll("anyMessage") Message message) {
        byte[] encoded = codec.encode(message);
        for (int length = 0; length < encoded.length; length++) {
            byte[] prefix = Arrays.copyOf(encoded, length);
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> codec.decode(prefix),
                    "prefix of " + length + " bytes of " + message);
            assertFalse(e instanceof UnknownKindException, e.getMessage());
        }
    }

    @Property(tries = 3000, seed = "12")
    void randomBytesAreRejectedOrDecoded(@ForAll("randomInput") byte[] input) {
        decodeOrMalformed(input);
    }

    @Provide
    Arbitrary<byte[]> randomInput() {
        // Half plain noise, half noise behind a plausible start (a small map whose key 0 is a known kind).
        Arbitrary<byte[]> noise = MessageArbitraries.bytes(0, 200);
        Arbitrary<byte[]> plausible = MessageArbitraries.bytes(0, 200).flatMap(tail -> Arbitraries.integers()
                .between(1, 17).map(kind -> {
                    byte[] input = new byte[tail.length + 3];
                    input[0] = (byte) (0xa0 | Math.min(kind % 8 + 1, 23));
                    input[1] = 0;
                    input[2] = (byte) kind.intValue();
                    System.arraycopy(tail, 0, input, 3, tail.length);
                    return input;
                }));
        return Arbitraries.oneOf(noise, plausible);
    }

    @Property(tries = 3000, seed = "13")
    void mutatedEncodingsAreRejectedOrDecoded(@ForAll("anyMessage") Message message,
                                              @ForAll long mutationSeed) {
        Random random = new Random(mutationSeed);
        byte[] input = codec.encode(message);
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            input = mutate(input, random);
        }
        decodeOrMalformed(input);
    }

    /**
     * Unknown keys with nested values are skipped, not read: a message carrying one decodes to
     * itself, and mutations of such input reach the skipping code too.
     */
    @Property(tries = 2000, seed = "14")
    void unknownKeysWithNestedValuesAreSkipped(@ForAll("anyMessage") Message message, @ForAll long valueSeed)
            throws MalformedMessageException {
        byte[] encoded = codec.encode(message);
        Random random = new Random(valueSeed);
        byte[] extended = withUnknownKey(encoded, random);
        assertEquals(message, codec.decode(extended));
        for (int i = 0; i < 4; i++) {
            decodeOrMalformed(mutate(extended, random));
        }
    }

    /** {@code encoded} (a map of fewer than 23 entries) with one more entry: an unknown key and a random nested value. */
    static byte[] withUnknownKey(byte[] encoded, Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(encoded[0] + 1);
        out.write(encoded, 1, encoded.length - 1);
        out.write(0x18);
        out.write(100 + random.nextInt(100)); // keys 100..199: unknown to every kind
        randomValue(out, random, 2);
        return out.toByteArray();
    }

    private static void randomValue(java.io.ByteArrayOutputStream out, Random random, int depth) {
        int choice = random.nextInt(depth > 0 ? 6 : 4);
        switch (choice) {
            case 0 -> out.write(random.nextInt(24));               // small unsigned
            case 1 -> out.write(0x20 | random.nextInt(24));        // small negative
            case 2, 3 -> {                                          // byte or text string of 0..5 bytes
                int length = random.nextInt(6);
                out.write((choice == 2 ? 0x40 : 0x60) | length);
                for (int i = 0; i < length; i++) {
                    out.write(0x61 + random.nextInt(26));
                }
            }
            case 4 -> {                                             // array of 0..3 values
                int count = random.nextInt(4);
                out.write(0x80 | count);
                for (int i = 0; i < count; i++) {
                    randomValue(out, random, depth - 1);
                }
            }
            default -> {                                            // map of 0..2 entries
                int count = random.nextInt(3);
                out.write(0xa0 | count);
                for (int i = 0; i < count; i++) {
                    out.write(i);
                    randomValue(out, random, depth - 1);
                }
            }
        }
    }

    /** One of: flip a bit, set a byte to an interesting value, delete a byte, insert a byte. */
    static byte[] mutate(byte[] input, Random random) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(input.length);
        byte[] out;
        switch (random.nextInt(4)) {
            case 0 -> {
                out = input.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
            }
            case 1 -> {
                int[] interesting = {0x00, 0x17, 0x18, 0x1b, 0x3b, 0x5a, 0x5b, 0x7f, 0x9a, 0xba, 0xc0, 0xf7, 0xff};
                out = input.clone();
                out[at] = (byte) interesting[random.nextInt(interesting.length)];
            }
            case 2 -> {
                out = new byte[input.length - 1];
                System.arraycopy(input, 0, out, 0, at);
                System.arraycopy(input, at + 1, out, at, input.length - at - 1);
            }
            default -> {
                out = new byte[input.length + 1];
                System.arraycopy(input, 0, out, 0, at);
                out[at] = (byte) random.nextInt(256);
                System.arraycopy(input, at, out, at + 1, input.length - at);
            }
        }
        return out;
    }

    /** Decodes, or fails with MalformedMessageException; whatever decodes must survive a round trip. */
    private void decodeOrMalformed(byte[] input) {
        Message decoded;
        try {
            decoded = codec.decode(input);
        } catch (MalformedMessageException e) {
            assertFalse(e.getMessage().isEmpty());
            return;
        } catch (Throwable t) {
            fail("decode threw " + t + " for " + org.skywave.transport.ByteDump.preview(input), t);
            return;
        }
        byte[] again = codec.encode(decoded);
        try {
            assertEquals(decoded, codec.decode(again));
        } catch (MalformedMessageException e) {
            fail("re-encoding of a decoded message does not decode", e);
        }
        assertArrayEquals(again, codec.encode(decoded));
    }
}
