package org.skywave.bridge.admin;

import java.util.Objects;

/**
 * One attached blockchain node as the status shows it.
 *
 * @param name       its name in the config
 * @param network    the network it serves ({@code BITCOIN_REGTEST}, {@code BUNKERCOIN}, ...)
 * @param state      {@code CONNECTING}, {@code UP}, {@code DOWN} or {@code CLOSED}
 * @param bestHeight its best height, -1 while it has not said
 * @param queued     transactions waiting in its durable queue, -1 when the store could not be read
 */
public record NodeStatus(String name, String network, String state, long bestHeight, long queued) {

    public NodeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(state, "state");
    }
}
