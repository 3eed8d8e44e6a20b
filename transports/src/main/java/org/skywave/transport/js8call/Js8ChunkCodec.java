package org.skywave.transport.js8call;

import java.util.zip.CRC32C;
import org.skywave.transport.ByteDump;

/**
 * A {@link Js8Chunk} as bytes and as the JS8 text that carries it (docs/PROTOCOL.md section 4.4):
 *
 * <pre>
 * byte 0      kind (2 bits: 0 data, 1 repeat) | message id (6 bits)
 * DATA        byte 1: index (4 bits) | last index (4 bits); then the payload
 * REPEAT      bytes 1-2: bitmap of the chunks wanted again, big-endian, bit i = chunk i
 * last 2      check: the low 16 bits of CRC-32C over every byte before it, big-endian
 * </pre>
 *
 * The text is {@link #MARKER} followed by the bytes in {@link Js8TextCodec}'s alphabet. The marker
 * starts the text after the peer's callsign so that JS8Call never reads the first characters as a
 * command ({@code ?}, {@code >}, {@code ACK}...), and it lets a receiver find the chunk in the
 * text JS8Call shows ({@code FROM: TO  #... ♢}) whatever surrounds it.
 *
 * <p>Stateless and thread-safe.
 */
public final class Js8ChunkCodec {

    /** First character of every chunk's text; part of no callsign or group name. */
    public static final char MARKER = '#';
    /** JS8Call's end-of-message mark (EOTCharacter, js8call.md section 2), appended on receive. */
    public static final char END_OF_MESSAGE = '\u2662';
    /** Bytes a chunk adds to its payload: header (2 for data) and check (2). */
    public static final int DATA_OVERHEAD_BYTES = 4;
    static final int CHECK_BYTES = 2;
    /** Largest chunk payload accepted: 16 chunks of it are far beyond any JS8Call link's MTU. */
    public static final int MAX_PAYLOAD_BYTES = 255;

    private Js8ChunkCodec() {
    }

    public static byte[] toBytes(Js8Chunk chunk) {
        byte[] payload = chunk.payloadUnsafe();
        int bodyLength = chunk.kind() == Js8Chunk.Kind.DATA ? 2 + payload.length : 3;
        byte[] out = new byte[bodyLength + CHECK_BYTES];
        out[0] = (byte) (chunk.kind().code << 6 | chunk.messageId());
        if (chunk.kind() == Js8Chunk.Kind.DATA) {
            out[1] = (byte) (chunk.index() << 4 | chunk.lastIndex());
            System.arraycopy(payload, 0, out, 2, payload.length);
        } else {
            out[1] = (byte) (chunk.missing() >>> 8);
            out[2] = (byte) chunk.missing();
        }
        int check = check(out, bodyLength);
        out[bodyLength] = (byte) (check >>> 8);
        out[bodyLength + 1] = (byte) check;
        return out;
    }

    public static Js8Chunk fromBytes(byte[] bytes) throws Js8FormatException {
        if (bytes.length < 3 + CHECK_BYTES - 1) {
            throw new Js8FormatException("JS8 chunk: " + bytes.length + " bytes, shorter than the smallest chunk (4)");
        }
        int bodyLength = bytes.length - CHECK_BYTES;
        int expected = check(bytes, bodyLength);
        int actual = (bytes[bodyLength] & 0xff) << 8 | bytes[bodyLength + 1] & 0xff;
        if (expected != actual) {
            throw new Js8FormatException(String.format("JS8 chunk: check 0x%04x != computed 0x%04x over %d bytes: %s",
                    actual, expected, bodyLength, ByteDump.preview(bytes)));
        }
        Js8Chunk.Kind kind = Js8Chunk.Kind.fromCode((bytes[0] & 0xff) >>> 6);
        int messageId = bytes[0] & 0x3f;
        if (kind == Js8Chunk.Kind.REPEAT) {
            if (bodyLength != 3) {
                throw new Js8FormatException("JS8 repeat chunk: " + bodyLength + " bytes before the check, expected 3");
            }
            return Js8Chunk.repeat(messageId, (bytes[1] & 0xff) << 8 | bytes[2] & 0xff);
        }
        int index = (bytes[1] & 0xff) >>> 4;
        int lastIndex = bytes[1] & 0x0f;
        if (index > lastIndex) {
            throw new Js8FormatException("JS8 data chunk: index " + index + " beyond last index " + lastIndex);
        }
        int payloadLength = bodyLength - 2;
        if (payloadLength > MAX_PAYLOAD_BYTES) {
            throw new Js8FormatException("JS8 data chunk: payload of " + payloadLength + " bytes exceeds " + MAX_PAYLOAD_BYTES);
        }
        byte[] payload = new byte[payloadLength];
        System.arraycopy(bytes, 2, payload, 0, payloadLength);
        return Js8Chunk.data(messageId, index, lastIndex, payload);
    }

    /** The text to send after the peer's callsign: {@link #MARKER} and the chunk's bytes. */
    public static String toText(Js8Chunk chunk) {
        return MARKER + Js8TextCodec.encode(toBytes(chunk));
    }

    /**
     * The chunk in {@code text} as JS8Call delivered it: whatever precedes the first
     * {@link #MARKER} (sender, addressee, command) and whatever follows the end-of-message mark is
     * ignored, as are white space and case.
     *
     * @throws Js8FormatException if there is no marker, a character outside the alphabet, a bad
     *                            check or an impossible header
     */
    public static Js8Chunk fromText(String text) throws Js8FormatException {
        int start = text.indexOf(MARKER);
        if (start < 0) {
            throw new Js8FormatException("JS8 text has no Skywave chunk (no '" + MARKER + "'): " + preview(text));
        }
        int end = text.lastIndexOf(END_OF_MESSAGE);
        end = end < start ? -1 : end;
        CharSequence body = text.subSequence(start + 1, end < 0 ? text.length() : end);
        if (body.length() > MAX_TEXT_CHARS) {
            throw new Js8FormatException("JS8 text: chunk of " + body.length() + " characters exceeds " + MAX_TEXT_CHARS);
        }
        return fromBytes(Js8TextCodec.decode(body));
    }

    /** Longest chunk text read: the largest payload at the alphabet's 7 bits per character, plus spacing. */
    static final int MAX_TEXT_CHARS = 2 * (MAX_PAYLOAD_BYTES + DATA_OVERHEAD_BYTES) * 8 / 4;

    private static int check(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue() & 0xffff;
    }

    static String preview(String text) {
        return text.length() <= 64 ? "'" + text + "'" : "'" + text.substring(0, 64) + "...' (" + text.length() + " chars)";
    }
}
