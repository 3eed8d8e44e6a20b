package org.skywave.bridge.node.bitcoin;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads little-endian Bitcoin payload fields from a byte array with bounds checks: running out of
 * bytes or a count over its limit is a {@link BitcoinProtocolException} naming the command, the
 * field and the offset, never an index exception.
 */
final class PayloadReader {

    private final String command;
    private final byte[] bytes;
    private int position;

    PayloadReader(String command, byte[] bytes) {
        this.command = command;
        this.bytes = bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    private void require(int count, String field) throws BitcoinProtocolException {
        if (count < 0 || count > remaining()) {
            throw new BitcoinProtocolException("'" + command + "' payload truncated: field " + field + " at offset "
                    + position + " needs " + count + " bytes, " + remaining() + " left (payload " + bytes.length + " bytes)");
        }
    }

    int u8(String field) throws BitcoinProtocolException {
        require(1, field);
        return bytes[position++] & 0xff;
    }

    int u16be(String field) throws BitcoinProtocolException {
        require(2, field);
        int value = ((bytes[position] & 0xff) << 8) | (bytes[position + 1] & 0xff);
        position += 2;
        return value;
    }

    int i32(String field) throws BitcoinProtocolException {
        require(4, field);
        int value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8
                | (bytes[position + 2] & 0xff) << 16 | (bytes[position + 3] & 0xff) << 24;
        position += 4;
        return value;
    }

    long i64(String field) throws BitcoinProtocolException {
        require(8, field);
        long low = i32(field) & 0xffffffffL;
        long high = i32(field) & 0xffffffffL;
        return low | high << 32;
    }

    byte[] bytes(int count, String field) throws BitcoinProtocolException {
        require(count, field);
        byte[] out = Arrays.copyOfRange(bytes, position, position + count);
        position += count;
        return out;
    }

    void skip(int count, String field) throws BitcoinProtocolException {
        require(count, field);
        position += count;
    }

    /** A CompactSize count, refused above {@code max} (the limit the protocol sets for this field). */
    int varInt(String field, long max) throws BitcoinProtocolException {
        int start = position;
        int first = u8(field);
        long value;
        if (first < 0xfd) {
            value = first;
        } else if (first == 0xfd) {
            require(2, field);
            value = (bytes[position] & 0xff) | (bytes[position + 1] & 0xff) << 8;
            position += 2;
        } else if (first == 0xfe) {
            value = i32(field) & 0xffffffffL;
        } else {
            value = i64(field);
        }
        if (value < 0 || value > max) {
            throw new BitcoinProtocolException("'" + command + "' field " + field + " at offset " + start + " is "
                    + Long.toUnsignedString(value) + ", over the limit of " + max);
        }
        return (int) value;
    }

    String varString(String field, int maxLength) throws BitcoinProtocolException {
        return new String(varBytes(field, maxLength), StandardCharsets.UTF_8);
    }

    /** A length-prefixed byte string of at most {@code maxLength} bytes. */
    byte[] varBytes(String field, int maxLength) throws BitcoinProtocolException {
        int length = varInt(field + " length", maxLength);
        return bytes(length, field);
    }

    /** Refuses trailing bytes, which would mean we misread the message. */
    void end() throws BitcoinProtocolException {
        if (remaining() != 0) {
            throw new BitcoinProtocolException("'" + command + "' payload has " + remaining()
                    + " unexpected trailing bytes after offset " + position + " (payload " + bytes.length + " bytes)");
        }
    }
}
