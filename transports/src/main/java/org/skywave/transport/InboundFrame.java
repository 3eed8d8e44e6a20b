package org.skywave.transport;

import java.util.Arrays;
import java.util.Objects;

/** One frame received on a link, with the address of the peer that sent it. */
public record InboundFrame(LinkAddress from, byte[] payload) {

    public InboundFrame {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundFrame other && from.equals(other.from) && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return 31 * from.hashCode() + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "InboundFrame[from=" + from + ", " + ByteDump.preview(payload) + "]";
    }
}
