package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The first bytes of a {@link MessageId}: how an ACK names a message on a link where every byte
 * costs seconds of air (docs/PROTOCOL.md 1.5.13). The sender of the ACK makes it long enough to
 * tell apart the messages it recently had from that peer; the receiver accepts it only when it
 * matches exactly one message it sent.
 */
public final class IdPrefix {

    /**
     * Shortest prefix: 64 bits, so finding a message whose id starts like a given one takes about
     * 2^64 hashes, and two random ids share one with odds of 1 in 2^64.
     */
    public static final int MIN_LENGTH = 8;
    /** Longest prefix; a prefix of all 32 bytes is the id itself, which goes in the ACK's id list. */
    public static final int MAX_LENGTH = MessageId.LENGTH - 1;

    private final byte[] bytes;

    private IdPrefix(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}, {@value #MIN_LENGTH} to {@value #MAX_LENGTH} long. */
    public static IdPrefix of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        Values.checkRange(bytes.length, "id prefix length", MIN_LENGTH, MAX_LENGTH);
        return new IdPrefix(bytes.clone());
    }

    /** The first {@code length} bytes of {@code id}. */
    public static IdPrefix of(MessageId id, int length) {
        Values.checkRange(length, "id prefix length", MIN_LENGTH, MAX_LENGTH);
        return new IdPrefix(Arrays.copyOf(id.toByteArray(), length));
    }

    public boolean matches(MessageId id) {
        byte[] full = id.toByteArray();
        return Arrays.equals(bytes, 0, bytes.length, full, 0, bytes.length);
    }

    public int length() {
        return bytes.length;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdPrefix other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes) + "…";
    }
}
