package org.skywave.bridge.compact;

import java.io.ByteArrayOutputStream;

/** Writes the compact encodings of chapter 7 of {@code docs/PROTOCOL.md}: bytes and minimal unsigned LEB128 varints. */
final class CompactWriter {

    private final ByteArrayOutputStream out;

    CompactWriter(int sizeHint) {
        this.out = new ByteArrayOutputStream(sizeHint);
    }

    CompactWriter u8(int b) {
        out.write(b);
        return this;
    }

    CompactWriter bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    CompactWriter bytes(byte[] b, int offset, int length) {
        out.write(b, offset, length);
        return this;
    }

    /** {@code value} as an unsigned 64-bit LEB128 varint: 7 bits a byte, least significant first. */
    CompactWriter varint(long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** The number of bytes {@link #varint} writes for {@code value}. */
    static int varintLength(long value) {
        int n = 1;
        while ((value & ~0x7fL) != 0) {
            value >>>= 7;
            n++;
        }
        return n;
    }
}
