package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 32-byte identity of a message: the hash its network uses for transactions and blocks
 * (double SHA-256 for Bitcoin, in internal byte order), or SHA-256 of the encoding for the other
 * kinds. Queues de-duplicate by it, ACKs name it, the seen-set remembers it.
 */
public final class MessageId implements Comparable<MessageId> {

    public static final int LENGTH = 32;

    private final byte[] bytes;

    private MessageId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, which must be exactly {@value #LENGTH} long. */
    public static MessageId of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("message id must be " + LENGTH + " bytes, got " + bytes.length);
        }
        return new MessageId(bytes.clone());
    }

    public static MessageId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes in wire (internal) order, in hex. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * The id as operators read it everywhere off the wire (admin API, command line, logs): the bytes
     * in reverse order, in hex, the way Bitcoin tools print a txid or block hash
     * ({@code docs/PROTOCOL.md} section 1.6). {@link #hex()} is the wire (internal) order.
     */
    public String displayHex() {
        byte[] reversed = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            reversed[i] = bytes[LENGTH - 1 - i];
        }
        return HexFormat.of().formatHex(reversed);
    }

    /** The first 16 digits of {@link #displayHex()}: enough to tell messages apart in a log line. */
    public String shortHex() {
        return displayHex().substring(0, 16);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public int compareTo(MessageId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}
