package org.skywave.bridge.framing;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.skywave.transport.ByteDump;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

/**
 * Raw Deflate (RFC 1951, no zlib header or checksum: those would cost six bytes a message) with a
 * preset dictionary of the byte strings Bitcoin transactions share. Transactions are mostly
 * hashes, keys and signatures, which no compressor shrinks; the dictionary lets Deflate replace
 * the thin skeleton around them (version, segwit marker, script templates, sequence numbers,
 * DER signature prefixes) with short back-references. Used only when strictly smaller.
 *
 * <p>Decompression is bounded: it stops, with an error, as soon as the output would pass the
 * caller's limit, so a decompression bomb costs at most that limit in memory.
 */
public final class Compressor {

    /**
     * The version 1 dictionary, part of the protocol: changing it needs a new frame version. Deflate
     * codes nearer strings with shorter distances, so the most common ones come last. In order:
     * transport URI fragments (for ADDR messages); two-input segwit start; P2WSH 2-of-3 multisig
     * witness; legacy P2PKH scriptSigs (low-R and high-R signatures); legacy version, P2PKH and P2SH
     * outputs; P2SH-P2WPKH scriptSig; P2TR output and key-path witness; P2WPKH outputs and
     * witnesses; the one-input segwit start with RBF sequence and two outputs.
     */
    public static final String DICTIONARY_V1_HEX = ""
            + "7463703a2f2f6b6973732d7463703a2f2f6b6973732d73657269616c3a2f2f2f6465762f747479555342303f"
            + "626175643d766172612d68663a2f2f766172612d666d3a2f2f6a733863616c6c3a2f2f3a383330303a32343432"
            + "3a38333333"
            + "02000000000102" + "0100000000ffffffff" + "0100000000feffffff"
            + "0400" + "4730440220" + "0220" + "01" + "4730440220" + "0220" + "01" + "69" + "5221" + "21" + "21" + "53ae"
            + "00000000" + "220020"
            + "6a" + "4730440220" + "0220" + "01" + "2103" + "ffffffff"
            + "6b" + "483045022100" + "0220" + "01" + "2102" + "feffffff"
            + "01000000" + "01" + "00000000" + "1976a914" + "88ac" + "00000000" + "17a914" + "87"
            + "17" + "160014" + "fdffffff"
            + "00000000" + "225120" + "0140" + "01000000" + "00" + "ffffffff" + "02"
            + "00000000" + "225120" + "00000000" + "160014"
            + "02" + "4730440220" + "0220" + "01" + "2102"
            + "02" + "483045022100" + "0220" + "01" + "2103"
            + "02" + "4730440220" + "0220" + "01" + "2103"
            + "00000000" + "00" + "fdffffff" + "02" + "00000000" + "160014" + "00000000" + "160014"
            + "0247304402200220012102"
            + "020000000001" + "01" + "00000000" + "00" + "fdffffff" + "02";

    private static final byte[] DICTIONARY_V1 = HexFormat.of().parseHex(DICTIONARY_V1_HEX);

    /** Deflate's best effort: messages are small, and every byte saved is air time. */
    private static final int LEVEL = Deflater.BEST_COMPRESSION;

    /** Output is grown in steps no larger than this, so a bomb is caught before a large allocation. */
    private static final int MAX_GROWTH_STEP = 64 * 1024;

    private static final Compressor STANDARD = new Compressor(DICTIONARY_V1);
    private static final Compressor NO_DICTIONARY = new Compressor(new byte[0]);

    private final byte[] dictionary;

    private Compressor(byte[] dictionary) {
        this.dictionary = dictionary;
    }

    /** The protocol's compressor: raw Deflate with {@link #DICTIONARY_V1_HEX}. */
    public static Compressor standard() {
        return STANDARD;
    }

    /** Raw Deflate without a dictionary; not used on the air, kept to measure what the dictionary gains. */
    public static Compressor withoutDictionary() {
        return NO_DICTIONARY;
    }

    /** A copy of the version 1 dictionary bytes. */
    public static byte[] dictionaryV1() {
        return DICTIONARY_V1.clone();
    }

    /** The compressed bytes, or empty when they would not be strictly smaller than {@code input}. */
    public Optional<byte[]> compress(byte[] input) {
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            if (dictionary.length > 0) {
                deflater.setDictionary(dictionary);
            }
            deflater.setInput(input);
            deflater.finish();
            // Anything of input.length bytes or more is useless, so the buffer never needs to be larger.
            byte[] out = new byte[input.length];
            int written = 0;
            while (!deflater.finished() && written < out.length) {
                int n = deflater.deflate(out, written, out.length - written);
                if (n == 0 && deflater.needsInput() && !deflater.finished()) {
                    break;
                }
                written += n;
            }
            if (!deflater.finished() || written >= input.length) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOf(out, written));
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates {@code compressed}, which must hold exactly one complete raw Deflate stream.
     *
     * @throws FrameTooLongException   when the output would exceed {@code maxOutputBytes}
     * @throws MalformedFrameException when the stream is corrupt, truncated, or followed by extra bytes
     */
    public byte[] decompress(byte[] compressed, int maxOutputBytes) throws MalformedFrameException {
        if (maxOutputBytes < 0) {
            throw new IllegalArgumentException("maxOutputBytes < 0: " + maxOutputBytes);
        }
        Inflater inflater = new Inflater(true);
        try {
            if (dictionary.length > 0) {
                inflater.setDictionary(dictionary);
            }
            inflater.setInput(compressed);
            int capacity = (int) Math.min((long) maxOutputBytes + 1, Math.max(256L, 4L * compressed.length));
            byte[] out = new byte[capacity];
            int written = 0;
            while (!inflater.finished()) {
                if (written == out.length) {
                    if (written > maxOutputBytes) {
                        throw new FrameTooLongException("decompressed message exceeds the limit of " + maxOutputBytes
                                + " bytes (" + compressed.length + " compressed bytes inflate past it)");
                    }
                    int grown = (int) Math.min((long) maxOutputBytes + 1, written + Math.min(written, MAX_GROWTH_STEP));
                    out = Arrays.copyOf(out, grown);
                }
                int n = inflater.inflate(out, written, out.length - written);
                written += n;
                if (n == 0 && written < out.length && !inflater.finished()) {
                    // No progress with room to spare: the input ran out before the final block ended.
                    throw new MalformedFrameException("compressed message truncated: Deflate stream unfinished after "
                            + compressed.length + " bytes; " + ByteDump.preview(compressed));
                }
            }
            if (written > maxOutputBytes) {
                throw new FrameTooLongException("decompressed message exceeds the limit of " + maxOutputBytes
                        + " bytes (got " + written + ")");
            }
            if (inflater.getRemaining() > 0) {
                throw new MalformedFrameException("compressed message has " + inflater.getRemaining()
                        + " bytes after the end of its Deflate stream; " + ByteDump.preview(compressed));
            }
            return written == out.length ? out : Arrays.copyOf(out, written);
        } catch (DataFormatException e) {
            throw new MalformedFrameException("compressed message is not valid Deflate data: " + e.getMessage()
                    + "; " + ByteDump.preview(compressed), e);
        } finally {
            inflater.end();
        }
    }

    @Override
    public String toString() {
        return dictionary.length > 0 ? "Compressor[deflate, dictionary v1]" : "Compressor[deflate, no dictionary]";
    }
}
