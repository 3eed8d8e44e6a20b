package org.skywave.bridge.framing;

import org.skywave.transport.ByteDump;
import org.skywave.transport.MalformedFrameException;

/**
 * The header at the start of every Skywave frame ({@code docs/PROTOCOL.md}, section 2.1).
 *
 * <p>Byte 0: the protocol version in the high nibble, flags in the low nibble
 * ({@link #FLAG_FRAGMENT}, {@link #FLAG_COMPRESSED}, {@link #FLAG_AUTHENTICATED}, {@link #FLAG_HOPS}).
 * Only when HOPS is set does the hop count follow, one byte of 1..255: an unrelayed frame (hop
 * count 0) spends nothing on it, and a HOPS byte of 0 is refused as not minimal. Only when
 * FRAGMENT is set do three fragment fields follow: the message number (one byte), the fragment
 * index and the fragment count (each an unsigned LEB128 varint of one to three bytes, minimally
 * encoded). The payload follows the header; an authentication tag, when the link uses one, ends
 * the frame.
 *
 * @param version        protocol version, 1..15
 * @param compressed     the message was compressed before fragmentation
 * @param authenticated  the frame ends with the link's authentication tag
 * @param fragment       the frame carries one fragment of a larger message
 * @param messageNumber  fragmented frames only: tells one sender's concurrent messages apart, 0..255
 * @param fragmentIndex  fragmented frames only: position of this fragment, 0..count-1
 * @param fragmentCount  fragmented frames only: fragments in the message, 2..{@link #MAX_FRAGMENT_COUNT}
 * @param hops           how many times a station relayed the message from one radio link to
 *                       another, 0..{@link #MAX_HOPS}; written only when not 0
 */
public record FrameHeader(int version, boolean compressed, boolean authenticated, boolean fragment,
                          int messageNumber, int fragmentIndex, int fragmentCount, int hops) {

    /** The version this code writes, and the only one it reads. */
    public static final int VERSION_1 = 1;

    public static final int FLAG_FRAGMENT = 0x01;
    public static final int FLAG_COMPRESSED = 0x02;
    public static final int FLAG_AUTHENTICATED = 0x04;
    /** The hop count byte follows the flags byte. */
    public static final int FLAG_HOPS = 0x08;

    /** The hop count is one byte; the gate's hop limit (at most 8) keeps real counts far below it. */
    public static final int MAX_HOPS = 255;

    /**
     * The largest message, before compression, a sender may frame: a Bitcoin block is at most
     * 4,000,000 bytes (4 M weight units), plus headroom for the message encoding around it.
     */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** Varints of index and count are at most three bytes long (21 bits). */
    public static final int MAX_VARINT_BYTES = 3;

    /**
     * 2^21 - 1: what three varint bytes hold. Enough for {@link #MAX_MESSAGE_BYTES} at every MTU of
     * 11 bytes or more without a tag (there a fragment with three-byte varints carries 3 payload
     * bytes, 2 with a hop count, and the shorter varints of the first 16,384 fragments make up the
     * rest); at the smallest radio MTU (JS8Call, 64 bytes) a 4 MiB message needs 74,604.
     */
    public static final int MAX_FRAGMENT_COUNT = (1 << 21) - 1;

    /** Message numbers are one byte and wrap; see {@link Reassembler} for how wrapping is handled. */
    public static final int MESSAGE_NUMBER_MODULUS = 256;

    /** An unfragmented, unrelayed frame's header is the one flags byte. */
    public static final int UNFRAGMENTED_HEADER_BYTES = 1;

    /** What a hop count other than 0 adds to a header. */
    public static final int HOPS_BYTES = 1;

    /** Flags byte, message number, and one-byte index and count: messages of up to 127 fragments, unrelayed. */
    public static final int MIN_FRAGMENT_HEADER_BYTES = 4;

    /** Flags byte, hop count, message number, and three-byte index and count. */
    public static final int MAX_FRAGMENT_HEADER_BYTES = 2 + HOPS_BYTES + 2 * MAX_VARINT_BYTES;

    public FrameHeader {
        if (version < 1 || version > 15) {
            throw new IllegalArgumentException("version not in 1..15: " + version);
        }
        if (hops < 0 || hops > MAX_HOPS) {
            throw new IllegalArgumentException("hops not in 0.." + MAX_HOPS + ": " + hops);
        }
        if (fragment) {
            if (messageNumber < 0 || messageNumber >= MESSAGE_NUMBER_MODULUS) {
                throw new IllegalArgumentException("messageNumber not in 0..255: " + messageNumber);
            }
            if (fragmentCount < 2 || fragmentCount > MAX_FRAGMENT_COUNT) {
                throw new IllegalArgumentException("fragmentCount not in 2.." + MAX_FRAGMENT_COUNT + ": " + fragmentCount);
            }
            if (fragmentIndex < 0 || fragmentIndex >= fragmentCount) {
                throw new IllegalArgumentException("fragmentIndex not in 0.." + (fragmentCount - 1) + ": " + fragmentIndex);
            }
        } else if (messageNumber != 0 || fragmentIndex != 0 || fragmentCount != 0) {
            throw new IllegalArgumentException("fragment fields set on an unfragmented header: messageNumber="
                    + messageNumber + " fragmentIndex=" + fragmentIndex + " fragmentCount=" + fragmentCount);
        }
    }

    /** A version 1 header of a frame that carries a whole message, not relayed (hop count 0). */
    public static FrameHeader unfragmented(boolean compressed, boolean authenticated) {
        return new FrameHeader(VERSION_1, compressed, authenticated, false, 0, 0, 0, 0);
    }

    /** A version 1 header of one fragment of a message not relayed (hop count 0). */
    public static FrameHeader fragment(boolean compressed, boolean authenticated,
                                       int messageNumber, int fragmentIndex, int fragmentCount) {
        return new FrameHeader(VERSION_1, compressed, authenticated, true, messageNumber, fragmentIndex, fragmentCount, 0);
    }

    /** The same header with hop count {@code newHops} (0..{@link #MAX_HOPS}). */
    public FrameHeader withHops(int newHops) {
        return new FrameHeader(version, compressed, authenticated, fragment, messageNumber, fragmentIndex, fragmentCount,
                newHops);
    }

    /** The flags byte: version in the high nibble, flags in the low nibble. */
    public int firstByte() {
        return version << 4
                | (fragment ? FLAG_FRAGMENT : 0)
                | (compressed ? FLAG_COMPRESSED : 0)
                | (authenticated ? FLAG_AUTHENTICATED : 0)
                | (hops > 0 ? FLAG_HOPS : 0);
    }

    /** Bytes this header takes on the wire. */
    public int encodedLength() {
        int length = UNFRAGMENTED_HEADER_BYTES + (hops > 0 ? HOPS_BYTES : 0);
        if (!fragment) {
            return length;
        }
        return length + 1 + varintLength(fragmentIndex) + varintLength(fragmentCount);
    }

    /** Writes the header at {@code offset} and returns the offset just past it. */
    public int writeTo(byte[] destination, int offset) {
        destination[offset++] = (byte) firstByte();
        if (hops > 0) {
            destination[offset++] = (byte) hops;
        }
        if (fragment) {
            destination[offset++] = (byte) messageNumber;
            offset = writeVarint(fragmentIndex, destination, offset);
            offset = writeVarint(fragmentCount, destination, offset);
        }
        return offset;
    }

    public byte[] encode() {
        byte[] bytes = new byte[encodedLength()];
        writeTo(bytes, 0);
        return bytes;
    }

    /**
     * Reads the header at the start of {@code frame}, looking no further than {@code limit} (the
     * frame's length without its tag).
     *
     * @throws MalformedFrameException for an unsupported version, a missing or zero hop count byte,
     *                                 a truncated or over-long varint, or impossible fragment fields
     */
    public static FrameHeader decode(byte[] frame, int limit) throws MalformedFrameException {
        if (limit < 1) {
            throw new MalformedFrameException("empty frame: no header byte");
        }
        int first = frame[0] & 0xff;
        int version = first >>> 4;
        if (version != VERSION_1) {
            throw new MalformedFrameException("unsupported frame version " + version + " (supported: "
                    + VERSION_1 + ") in header byte 0x" + hex(first) + "; " + ByteDump.preview(frame, 0, limit));
        }
        boolean compressed = (first & FLAG_COMPRESSED) != 0;
        boolean authenticated = (first & FLAG_AUTHENTICATED) != 0;
        int hops = 0;
        int at = UNFRAGMENTED_HEADER_BYTES;
        if ((first & FLAG_HOPS) != 0) {
            if (limit < UNFRAGMENTED_HEADER_BYTES + HOPS_BYTES) {
                throw new MalformedFrameException("hop count truncated: header byte 0x" + hex(first)
                        + " announces it at offset 1, frame has " + limit + " byte(s) before any tag; "
                        + ByteDump.preview(frame, 0, limit));
            }
            hops = frame[at++] & 0xff;
            if (hops == 0) {
                throw new MalformedFrameException("hop count at offset 1 is 0, which is not minimally encoded"
                        + " (a frame not relayed leaves the HOPS flag 0x08 clear); " + ByteDump.preview(frame, 0, limit));
            }
        }
        if ((first & FLAG_FRAGMENT) == 0) {
            return unfragmented(compressed, authenticated).withHops(hops);
        }
        int needed = at + MIN_FRAGMENT_HEADER_BYTES - UNFRAGMENTED_HEADER_BYTES;
        if (limit < needed) {
            throw new MalformedFrameException("fragment header truncated: needs at least " + needed
                    + " bytes, frame has " + limit + "; " + ByteDump.preview(frame, 0, limit));
        }
        int messageNumber = frame[at] & 0xff;
        long indexAndEnd = readVarint(frame, at + 1, limit, "fragment index");
        int index = (int) indexAndEnd;
        int offset = (int) (indexAndEnd >>> 32);
        long countAndEnd = readVarint(frame, offset, limit, "fragment count");
        int count = (int) countAndEnd;
        if (count < 2) {
            throw new MalformedFrameException("fragment count " + count + " is below 2 at offset " + offset
                    + " (a whole message goes unfragmented); " + ByteDump.preview(frame, 0, limit));
        }
        if (index >= count) {
            throw new MalformedFrameException("fragment index " + index + " not below fragment count " + count
                    + "; " + ByteDump.preview(frame, 0, limit));
        }
        return fragment(compressed, authenticated, messageNumber, index, count).withHops(hops);
    }

    /** Bytes of the minimal unsigned LEB128 encoding of {@code value} (0..2^21-1). */
    public static int varintLength(int value) {
        if (value < 0 || value > MAX_FRAGMENT_COUNT) {
            throw new IllegalArgumentException("varint value not in 0.." + MAX_FRAGMENT_COUNT + ": " + value);
        }
        return value < 0x80 ? 1 : value < 0x4000 ? 2 : 3;
    }

    private static int writeVarint(int value, byte[] destination, int offset) {
        while (value >= 0x80) {
            destination[offset++] = (byte) (value & 0x7f | 0x80);
            value >>>= 7;
        }
        destination[offset++] = (byte) value;
        return offset;
    }

    /** The value in the low 32 bits, the offset past it in the high 32 bits. */
    private static long readVarint(byte[] frame, int offset, int limit, String field) throws MalformedFrameException {
        int value = 0;
        int start = offset;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (offset >= limit) {
                throw new MalformedFrameException(field + " truncated at offset " + offset + " (frame has "
                        + limit + " bytes before any tag); " + ByteDump.preview(frame, 0, limit));
            }
            int b = frame[offset++] & 0xff;
            value |= (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new MalformedFrameException(field + " at offset " + start
                            + " is not minimally encoded (ends in a zero byte); " + ByteDump.preview(frame, 0, limit));
                }
                return (long) offset << 32 | value;
            }
        }
        throw new MalformedFrameException(field + " at offset " + start + " is longer than " + MAX_VARINT_BYTES
                + " bytes; " + ByteDump.preview(frame, 0, limit));
    }

    private static String hex(int b) {
        return String.format("%02x", b);
    }
}
