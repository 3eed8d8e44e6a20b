package org.skywave.transport.sim;

import java.util.Objects;
import org.skywave.transport.LinkAddress;

/** A station on a simulated channel: its callsign, or the end name {@code A} / {@code B}. */
public record SimAddress(String name) implements LinkAddress {

    public SimAddress {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty station name");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
