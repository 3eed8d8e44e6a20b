package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No decode allocates more than a bound derived from its input's length: headers that declare
 * gigabytes in a few bytes fail before anything is allocated for them. Measured with the JVM's
 * per-thread allocation counter, so it does not depend on heap size or garbage collection timing.
 */
class MessageCodecAllocationTest {

    /** Parser buffers (recycled, but counted), the exception, its message and stack trace. */
    private static final long FIXED_ALLOWANCE_BYTES = 64 * 1024;

    /**
     * Per input byte: a payload is held by the decoder's copy and the record's defensive copy; a
     * one-byte list element becomes a boxed Integer plus two list slots.
     */
    private static final long ALLOWANCE_PER_INPUT_BYTE = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final MessageCodec codec = MessageCodec.INSTANCE;

    @BeforeAll
    static void warmUp() {
        // Class loading and first-use initialisation are not the decoder's allocations.
        Random random = new Random(1);
        for (Message message : MessageArbitraries.samples(1, 300)) {
            byte[] encoded = MessageCodec.INSTANCE.encode(message);
            tryDecode(encoded);
            tryDecode(MessageCodecMalformedInputTest.mutate(encoded, random));
        }
    }

    private static void tryDecode(byte[] input) {
        try {
            MessageCodec.INSTANCE.decode(input);
        } catch (MalformedMessageException expected) {
            // Only its allocation matters here.
        }
    }

    /**
     * Bytes allocated by the second of two decodes: the first use of a code path (class loading,
     * string concatenation and lambda bootstraps) is the JVM's allocation, not the decoder's.
     */
    private static long steadyStateAllocation(byte[] input) {
        tryDecode(input);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        tryDecode(input);
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        byte string of 2^31-1 bytes    | a3 00 06 01 01 02 5a 7fffffff 00000000000000
        byte string of 2^63-1 bytes    | a3 00 06 01 01 02 5b 7fffffffffffffff 000000
        text string of 2^32-1 bytes    | a3 00 10 01 01 04 7a ffffffff 00000000000000
        array of 2^31 items            | a2 00 0f 01 9a 80000000 5820 0000000000000000
        map of 2^31 entries            | ba 80000000 00 06 01 01 02 41 00 00000000000000
        nested map of 2^32-1 entries   | a3 00 02 01 01 18 63 ba ffffffff 000000000000
        text key of 2^31-1 bytes       | a2 00 02 7a 7fffffff 0000000000000000000000
        byte string key of 2^31-1      | a2 00 02 5a 7fffffff 0000000000000000000000
        """)
    void hugeDeclaredSizesFailWithoutAllocatingThem(String description, String hex) {
        byte[] input = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThrows(MalformedMessageException.class, () -> codec.decode(input));
        long allocated = steadyStateAllocation(input);
        assertTrue(allocated < FIXED_ALLOWANCE_BYTES,
                description + ": " + input.length + "-byte input allocated " + allocated + " bytes");
    }

    @Test
    void randomValidAndMutatedInputsStayWithinTheBound() {
        long seed = 20240602;
        System.out.println("MessageCodecAllocationTest seed " + seed);
        Random random = new Random(seed);
        List<Message> messages = MessageArbitraries.samples(seed, 2000);
        for (Message message : messages) {
            byte[] encoded = codec.encode(message);
            byte[] mutated = MessageCodecMalformedInputTest.mutate(encoded, random);
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            for (byte[] input : List.of(encoded, mutated, noise)) {
                long allocated = steadyStateAllocation(input);
                long bound = FIXED_ALLOWANCE_BYTES + ALLOWANCE_PER_INPUT_BYTE * input.length;
                assertTrue(allocated <= bound, input.length + "-byte input allocated " + allocated
                        + " bytes, over the bound " + bound + ": " + org.skywave.transport.ByteDump.preview(input));
            }
        }
    }

    @Test
    void largestBlockDecodesWithinTheBound() throws Exception {
        byte[] raw = new byte[MessageLimits.MAX_PAYLOAD_BYTES];
        new Random(3).nextBytes(raw);
        byte[] encoded = codec.encode(new BlockMessage(Network.BITCOIN_MAINNET, raw));
        codec.decode(encoded);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        codec.decode(encoded);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // The decoder's copy and the record's defensive copy: twice the payload, nothing more.
        assertTrue(allocated <= FIXED_ALLOWANCE_BYTES + 2L * encoded.length,
                encoded.length + "-byte block allocated " + allocated + " bytes");
    }
}
