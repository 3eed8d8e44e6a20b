package org.skywave.bridge.framing;

import java.util.Arrays;
import java.util.Objects;

/**
 * One whole message as a {@link Reassembler} hands it back: the message bytes (decompressed) and
 * the hop count its frames carried ({@code docs/PROTOCOL.md}, section 2.1.1), the highest one
 * when its fragments disagreed.
 *
 * <p>An immutable value. Not a record so that the reassembler can hand over the array it built
 * without copying a message of up to 4 MiB twice; {@link #message()} returns a copy.
 */
public final class ReassembledMessage {

    private final byte[] message;
    private final int hops;

    private ReassembledMessage(byte[] message, int hops) {
        this.message = message;
        this.hops = hops;
    }

    /** A copy of {@code message} with hop count {@code hops} (0..{@link FrameHeader#MAX_HOPS}). */
    public static ReassembledMessage of(byte[] message, int hops) {
        return owning(Objects.requireNonNull(message, "message").clone(), hops);
    }

    /** Takes {@code message} as it is: the caller gives it up. */
    static ReassembledMessage owning(byte[] message, int hops) {
        if (hops < 0 || hops > FrameHeader.MAX_HOPS) {
            throw new IllegalArgumentException("hops not in 0.." + FrameHeader.MAX_HOPS + ": " + hops);
        }
        return new ReassembledMessage(message, hops);
    }

    /** The message bytes (a copy). */
    public byte[] message() {
        return message.clone();
    }

    /** Message length without copying it. */
    public int length() {
        return message.length;
    }

    /** Radio-to-radio relays the message has made so far; 0 when its frames carried no hop count. */
    public int hops() {
        return hops;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReassembledMessage m && hops == m.hops && Arrays.equals(message, m.message);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(message) + hops;
    }

    @Override
    public String toString() {
        return "ReassembledMessage[length=" + message.length + ", hops=" + hops + "]";
    }
}
