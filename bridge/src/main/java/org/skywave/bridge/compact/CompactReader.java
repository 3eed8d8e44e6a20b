package org.skywave.bridge.compact;

import java.util.Arrays;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.transport.ByteDump;

/**
 * Reads the compact encodings of chapter 7 of {@code docs/PROTOCOL.md} (bytes, unsigned LEB128
 * varints of up to 64 bits, minimal only) and Bitcoin's wire fields (little-endian integers,
 * CompactSize). Every read is checked against the input's end, and every error names the
 * structure, the field and the byte offset.
 */
final class CompactReader {

    /** A 64-bit value takes at most ten 7-bit groups. */
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] in;
    private final String structure;
    private int position;

    CompactReader(byte[] in, int offset, String structure) {
        this.in = in;
        this.position = offset;
        this.structure = structure;
    }

    int position() {
        return position;
    }

    int remaining() {
        return in.length - position;
    }

    /** The byte {@code ahead} bytes on, not consumed; the caller checks {@link #remaining} first. */
    int peek(int ahead) {
        return in[position + ahead] & 0xff;
    }

    void skip(int n, String field) throws MalformedMessageException {
        need(n, field);
        position += n;
    }

    /** A little-endian integer of {@code n} bytes (4 or 8), as unsigned bits. */
    long littleEndian(int n, String field) throws MalformedMessageException {
        need(n, field);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (long) (in[position + i] & 0xff) << (8 * i);
        }
        position += n;
        return v;
    }

    /**
     * A Bitcoin CompactSize count of items that each take at least {@code minItemBytes}: refused when
     * the remaining input could not hold that many, so no count makes the reader allocate more than it holds.
     */
    int compactSizeCount(String field, int minItemBytes) throws MalformedMessageException {
        int at = position;
        int first = u8(field);
        long n = switch (first) {
            case 0xfd -> littleEndian(2, field);
            case 0xfe -> littleEndian(4, field);
            case 0xff -> littleEndian(8, field);
            default -> first;
        };
        if (n < 0 || n > remaining() / minItemBytes) {
            throw fail(field + " " + Long.toUnsignedString(n) + " exceeds what the remaining " + remaining()
                    + " bytes can hold", at);
        }
        return (int) n;
    }

    int u8(String field) throws MalformedMessageException {
        need(1, field);
        return in[position++] & 0xff;
    }

    byte[] bytes(int n, String field) throws MalformedMessageException {
        need(n, field);
        byte[] b = Arrays.copyOfRange(in, position, position + n);
        position += n;
        return b;
    }

    /** An unsigned varint no larger than {@code max} (compared unsigned). */
    long varint(String field, long max) throws MalformedMessageException {
        int at = position;
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            int b = u8(field);
            if (i == 9 && (b & 0x7e) != 0) {
                throw fail(field + ": varint overflows 64 bits", at);
            }
            value |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw fail(field + ": varint not minimally encoded", at);
                }
                if (Long.compareUnsigned(value, max) > 0) {
                    throw fail(field + " " + Long.toUnsignedString(value) + " exceeds the maximum "
                            + Long.toUnsignedString(max), at);
                }
                return value;
            }
        }
        throw fail(field + ": varint longer than " + MAX_VARINT_BYTES + " bytes", at);
    }

    /** A count of items each at least {@code minItemBytes} long in this input: at most what the rest can hold. */
    int count(String field, int minItemBytes) throws MalformedMessageException {
        int at = position;
        long n = varint(field, Integer.MAX_VALUE);
        if (n > remaining() / Math.max(1, minItemBytes)) {
            throw fail(field + " " + n + " exceeds what the remaining " + remaining() + " bytes can hold", at);
        }
        return (int) n;
    }

    MalformedMessageException fail(String problem, int offset) {
        return new MalformedMessageException(structure + ": " + problem + " at offset " + offset + "; "
                + ByteDump.preview(in), offset);
    }

    private void need(int n, String field) throws MalformedMessageException {
        if (n > remaining()) {
            throw fail(field + " needs " + n + " bytes, only " + remaining() + " left (input truncated)", position);
        }
    }
}
