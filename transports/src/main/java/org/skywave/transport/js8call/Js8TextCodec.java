package org.skywave.transport.js8call;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Binary to JS8 text and back, with the alphabet that costs the fewest JS8 frames per byte.
 *
 * <p>JS8Call packs text with a variable-length code (JSC, js8call.md section 8): E T A O I N S
 * cost 5 bits, other letters, digits and punctuation 9 bits, and runs of letters that form one of
 * its dictionary's words cost less. A uniform base-N code wastes that, so this codec is a prefix
 * code from bits to characters: the seven cheap letters carry 4 bits each, the other 18 letters
 * (all but R, which JSC codes in 25 bits) 6 bits, and 36 digits and punctuation marks 7 bits.
 * Measured with JS8Call's own code tables on random 250-byte frames it carries about 50 bits per
 * 72-bit Fast/Turbo frame, against 42 for base32 and 33 for hexadecimal (docs/PROTOCOL.md 4.4).
 *
 * <p>Every character is upper case, none is a space, and the set avoids what JS8Call treats
 * specially: {@code @ > < `} and backslash, and {@code %}, because JS8Call builds the text of a
 * received directed message with Qt's {@code QString::arg}, which replaces {@code %2} and the like
 * (seen between two real JS8Call 2.2 instances: {@code %2} arrived as the end-of-message mark). Decoding accepts lower case and skips white space,
 * which JS8Call may add or change in transit. The bit string is padded with zero bits to the end
 * of the last character; the padding is shorter than a byte, so the decoder drops it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Js8TextCodec {

    /** Characters by code length: 7 of 4 bits, 18 of 6 bits, 36 of 7 bits (Kraft sum exactly 1). */
    static final String FOUR_BIT = "ETAOINS";
    static final String SIX_BIT = "HDLCUMWFGYPBVKXJQZ";
    static final String SEVEN_BIT = "0123456789+?!)(_/&$\"#*[]{}|;^~,.-'=:";

    /** All characters of the alphabet, in canonical code order. */
    public static final String ALPHABET = FOUR_BIT + SIX_BIT + SEVEN_BIT;

    private static final int MAX_CODE_BITS = 7;
    /** Character for each 7-bit prefix: every code is looked up by the 7 bits that start with it. */
    private static final char[] BY_PREFIX = new char[1 << MAX_CODE_BITS];
    private static final int[] CODE = new int[128];
    private static final int[] LENGTH = new int[128];

    static {
        int code = 0;
        int previousLength = 4;
        for (int i = 0; i < ALPHABET.length(); i++) {
            char c = ALPHABET.charAt(i);
            int length = i < FOUR_BIT.length() ? 4 : i < FOUR_BIT.length() + SIX_BIT.length() ? 6 : 7;
            code <<= length - previousLength;
            previousLength = length;
            CODE[c] = code;
            LENGTH[c] = length;
            int shift = MAX_CODE_BITS - length;
            Arrays.fill(BY_PREFIX, code << shift, (code + 1) << shift, c);
            code++;
        }
        if (code != 1 << MAX_CODE_BITS) {
            throw new AssertionError("prefix code is not complete: " + code);
        }
    }

    private Js8TextCodec() {
    }

    /** The text for {@code data}: upper case, no spaces, only {@link #ALPHABET}. */
    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder(data.length * 8 / 5 + 2);
        long bits = 0;
        int count = 0;
        int i = 0;
        while (i < data.length || count > 0) {
            while (count < MAX_CODE_BITS && i < data.length) {
                bits = (bits << 8) | (data[i++] & 0xff);
                count += 8;
            }
            int window = count >= MAX_CODE_BITS
                    ? (int) (bits >>> (count - MAX_CODE_BITS)) & 0x7f
                    : (int) (bits << (MAX_CODE_BITS - count)) & 0x7f;
            char c = BY_PREFIX[window];
            out.append(c);
            count -= LENGTH[c];
            if (count < 0) {
                count = 0; // the last character's code ran past the data: zero padding
            }
            bits &= (1L << count) - 1;
        }
        return out.toString();
    }

    /**
     * The bytes of {@code text}, ignoring white space and case.
     *
     * @throws Js8FormatException naming the first character outside the alphabet and its offset
     */
    public static byte[] decode(CharSequence text) throws Js8FormatException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 5 / 8 + 1);
        long bits = 0;
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            char upper = c < 128 ? Character.toUpperCase(c) : c;
            if (upper >= 128 || LENGTH[upper] == 0) {
                throw new Js8FormatException("JS8 text: character '" + c + "' (U+" + String.format(Locale.ROOT, "%04X", (int) c)
                        + ") at offset " + i + " is not in the Skywave alphabet");
            }
            bits = (bits << LENGTH[upper]) | CODE[upper];
            count += LENGTH[upper];
            if (count >= 8) {
                out.write((int) (bits >>> (count - 8)));
                count -= 8;
                bits &= (1L << count) - 1;
            }
        }
        return out.toByteArray();
    }
}
