package org.skywave.bridge.node.bitcoin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes little-endian Bitcoin payload fields. */
final class PayloadWriter {

    private final ByteArrayOutputStream out;

    PayloadWriter(int expectedSize) {
        out = new ByteArrayOutputStream(expectedSize);
    }

    PayloadWriter u8(int value) {
        out.write(value);
        return this;
    }

    PayloadWriter u16be(int value) {
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    PayloadWriter i32(int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
        return this;
    }

    PayloadWriter i64(long value) {
        i32((int) value);
        return i32((int) (value >>> 32));
    }

    PayloadWriter bytes(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    PayloadWriter varInt(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative CompactSize: " + value);
        }
        if (value < 0xfd) {
            return u8((int) value);
        }
        if (value <= 0xffff) {
            u8(0xfd);
            out.write((int) value);
            out.write((int) (value >>> 8));
            return this;
        }
        if (value <= 0xffffffffL) {
            return u8(0xfe).i32((int) value);
        }
        return u8(0xff).i64(value);
    }

    PayloadWriter varString(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return varInt(bytes.length).bytes(bytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
