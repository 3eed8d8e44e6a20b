package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.zip.Deflater;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

class CompressorTest {

    /**
     * A one-input, two-output P2WPKH transaction skeleton (version 2, segwit, RBF sequence), with
     * its hashes, keys and signature bytes filled from a seeded generator: the common case.
     */
    static byte[] p2wpkhTransaction(long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream tx = new ByteArrayOutputStream();
        tx.writeBytes(HexFormat.of().parseHex("02000000000101"));
        tx.writeBytes(randomBytes(random, 32));
        tx.writeBytes(HexFormat.of().parseHex("0100000000fdffffff02"));
        for (int i = 0; i < 2; i++) {
            tx.writeBytes(randomBytes(random, 4));
            tx.writeBytes(HexFormat.of().parseHex("00000000160014"));
            tx.writeBytes(randomBytes(random, 20));
        }
        tx.writeBytes(HexFormat.of().parseHex("02473044022001"));
        tx.writeBytes(randomBytes(random, 31));
        tx.writeBytes(HexFormat.of().parseHex("022001"));
        tx.writeBytes(randomBytes(random, 31));
        tx.writeBytes(HexFormat.of().parseHex("01210" + (2 + random.nextInt(2))));
        tx.writeBytes(randomBytes(random, 32));
        tx.writeBytes(HexFormat.of().parseHex("00000000"));
        return tx.toByteArray();
    }

    static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Test
    void dictionaryBytesArePinned() throws NoSuchAlgorithmException {
        byte[] dictionary = Compressor.dictionaryV1();
        assertEquals(332, dictionary.length);
        // Part of the protocol (docs/protocol/framing.md): a change here needs a new frame version.
        assertEquals("3f5c9ef6c6ccc04230e040cb52c8d849cca08b9f9d62fc583852bd1b4cdb4916",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(dictionary)));
    }

    @Test
    void dictionarySavesBytesOnATypicalTransactionWherePlainDeflateBarelyDoes() {
        for (long seed = 1; seed <= 20; seed++) {
            byte[] tx = p2wpkhTransaction(seed);
            int withDictionary = Compressor.standard().compress(tx).map(b -> b.length).orElse(tx.length);
            int withoutDictionary = Compressor.withoutDictionary().compress(tx).map(b -> b.length).orElse(tx.length);
            String figures = "seed " + seed + ": " + tx.length + " bytes, " + withDictionary + " with the dictionary, "
                    + withoutDictionary + " without";
            assertTrue(withDictionary <= tx.length - 12, figures);
            assertTrue(withDictionary <= withoutDictionary - 10, figures);
        }
    }

    @Test
    void emptyAndRandomInputAreLeftUncompressed() {
        assertTrue(Compressor.standard().compress(new byte[0]).isEmpty());
        assertTrue(Compressor.standard().compress(randomBytes(new Random(7), 1000)).isEmpty());
    }

    @Property(tries = 300, seed = "7")
    void compressedBytesAreStrictlySmallerAndRoundTrip(@ForAll @IntRange(min = 0, max = 20000) int length,
                                                       @ForAll @IntRange(min = 0, max = 256) int alphabet,
                                                       @ForAll long seed) throws MalformedFrameException {
        Random random = new Random(seed);
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) (alphabet == 0 ? 0 : random.nextInt(alphabet));
        }
        Optional<byte[]> compressed = Compressor.standard().compress(input);
        if (compressed.isPresent()) {
            assertTrue(compressed.get().length < input.length);
            assertArrayEquals(input, Compressor.standard().decompress(compressed.get(), input.length));
        }
    }

    @Test
    void decompressionBombFailsAtTheLimit() {
        // 64 MiB of zeros deflate to about 64 KiB; inflating must stop at the 1 MiB limit.
        byte[] bomb = deflateWithDictionary(new byte[64 * 1024 * 1024]);
        assertTrue(bomb.length < 100_000, "bomb is " + bomb.length + " bytes");
        FrameTooLongException e = assertThrows(FrameTooLongException.class,
                () -> Compressor.standard().decompress(bomb, 1024 * 1024));
        assertTrue(e.getMessage().contains("exceeds the limit of 1048576 bytes"), e.getMessage());
    }

    @Test
    void outputOfExactlyTheLimitIsAccepted() throws MalformedFrameException {
        byte[] zeros = new byte[100_000];
        byte[] compressed = deflateWithDictionary(zeros);
        assertArrayEquals(zeros, Compressor.standard().decompress(compressed, zeros.length));
        assertThrows(FrameTooLongException.class, () -> Compressor.standard().decompress(compressed, zeros.length - 1));
    }

    @Test
    void truncatedTrailingOrGarbageStreamsAreMalformed() {
        byte[] compressed = Compressor.standard().compress(new byte[5000]).orElseThrow();
        byte[] truncated = Arrays.copyOf(compressed, compressed.length - 1);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> Compressor.standard().decompress(truncated, 10_000));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] trailing = Arrays.copyOf(compressed, compressed.length + 2);
        e = assertThrows(MalformedFrameException.class, () -> Compressor.standard().decompress(trailing, 10_000));
        assertTrue(e.getMessage().contains("2 bytes after the end"), e.getMessage());

        // 0xff: final block of reserved type 3.
        e = assertThrows(MalformedFrameException.class,
                () -> Compressor.standard().decompress(new byte[] {(byte) 0xff, 0x00}, 10_000));
        assertTrue(e.getMessage().contains("not valid Deflate data"), e.getMessage());
        assertThrows(MalformedFrameException.class, () -> Compressor.standard().decompress(new byte[0], 10_000));
    }

    @Property(tries = 2000, seed = "11")
    void mutatedStreamsRaiseOnlyMalformedFrame(@ForAll long seed) {
        Random random = new Random(seed);
        byte[] compressed = Compressor.standard().compress(p2wpkhTransaction(seed)).orElseThrow();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            compressed[random.nextInt(compressed.length)] ^= (byte) (1 << random.nextInt(8));
        }
        try {
            byte[] out = Compressor.standard().decompress(compressed, 4096);
            assertTrue(out.length <= 4096);
        } catch (MalformedFrameException expected) {
            // the only failure allowed
        }
    }

    private static byte[] deflateWithDictionary(byte[] input) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setDictionary(Compressor.dictionaryV1());
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
