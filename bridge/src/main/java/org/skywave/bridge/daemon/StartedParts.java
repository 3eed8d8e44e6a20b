package org.skywave.bridge.daemon;

import java.util.ArrayDeque;
import java.util.Deque;
import org.tinylog.Logger;

/**
 * The parts of a running daemon (store, station, nodes, admin API), closed in the reverse of the
 * order they were started in, so nothing is closed while a part that uses it still runs. Used by
 * the one thread that starts and stops the daemon.
 */
public final class StartedParts implements AutoCloseable {

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();

    /** Registers {@code part}, to be closed before every part added earlier; returns it. */
    public <T extends AutoCloseable> T add(T part) {
        parts.push(part);
        return part;
    }

    /** Closes every part, latest first; a part that fails to close is logged and the rest still close. */
    @Override
    public void close() {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                Logger.warn("while stopping {}: {}", part, e.getMessage());
            }
        }
    }
}
