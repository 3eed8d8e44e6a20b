package org.skywave.bridge.store;

import java.util.Objects;

/**
 * A message left a queue by rule rather than by delivery, or the store changed health. Each is
 * logged as one line ({@link #logLine()}) and handed to {@link StoreOptions#listener()} after the
 * change is committed.
 *
 * @param kind        what happened
 * @param destination the queue, or empty for store-wide events
 * @param id          the message id in hex, or a description when the stored id is unusable
 * @param reason      why, with the numbers that decided it
 */
public record StoreEvent(Kind kind, String destination, String id, String reason) {

    public enum Kind {
        /** Dropped to make room for a higher-ranked or newer message. */
        EVICTED,
        /** Dropped because its time-to-live ran out. */
        EXPIRED,
        /** Refused at offer: the store was full of messages ranked above it. */
        REJECTED,
        /** Moved to the quarantine table because it could not be used. */
        QUARANTINED,
        /** Writes fail; the store refuses to claim anything durable until one succeeds again. */
        WRITES_FAILING,
        /** Writes work again after a failure. */
        WRITES_RECOVERED,
        /** The database is damaged; writes are stopped until restart. */
        WRITES_STOPPED
    }

    public StoreEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@code store: EVICTED id=<hex> destination=ax25-1 reason=...}: one line, greppable by id. */
    public String logLine() {
        return "store: " + kind + " id=" + (id.isEmpty() ? "-" : id)
                + " destination=" + (destination.isEmpty() ? "-" : destination) + " reason=" + reason;
    }
}
