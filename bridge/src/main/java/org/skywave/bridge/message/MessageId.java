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

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    /** The first 8 bytes in hex: enough to tell messages apart in a log line. */
    public String shortHex() {
        return HexFormat.of().formatHex(bytes, 0, 8);
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
