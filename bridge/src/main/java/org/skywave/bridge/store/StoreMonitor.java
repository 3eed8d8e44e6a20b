package org.skywave.bridge.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.skywave.bridge.message.MessageId;
import org.tinylog.Logger;

/** The store's health, per-queue counters and recent departures, and the one place its events are logged. */
final class StoreMonitor {

    /** Per-destination counters, changed only after the commit that caused them. */
    static final class Counters {
        final AtomicLong retries = new AtomicLong();
        final AtomicLong evictions = new AtomicLong();
        final AtomicLong expiries = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong quarantined = new AtomicLong();
    }

    private final String file;
    private final Clock clock;
    private final Consumer<StoreEvent> listener;
    private final ConcurrentHashMap<String, Counters> counters = new ConcurrentHashMap<>();
    private final RecentDepartures departures = new RecentDepartures();
    private volatile StoreHealth health;

    StoreMonitor(String file, Clock clock, Consumer<StoreEvent> listener) {
        this.file = file;
        this.clock = clock;
        this.listener = listener;
        this.health = new StoreHealth(StoreHealth.Status.HEALTHY, "", clock.instant());
    }

    StoreHealth health() {
        return health;
    }

    Counters counters(String destination) {
        return counters.computeIfAbsent(destination, d -> new Counters());
    }

    /** Remembers how a message left its queue; call after the commit that removed it. */
    void departed(Departure departure) {
        departures.add(departure);
    }

    Optional<Departure> departure(String destination, MessageId id) {
        return departures.find(destination, id);
    }

    /** Logs {@code event} as one line and tells the listener; counts the per-message kinds. */
    void emit(StoreEvent event) {
        switch (event.kind()) {
            case EVICTED -> counters(event.destination()).evictions.incrementAndGet();
            case EXPIRED -> counters(event.destination()).expiries.incrementAndGet();
            case REJECTED -> counters(event.destination()).rejected.incrementAndGet();
            case QUARANTINED -> counters(event.destination()).quarantined.incrementAndGet();
            default -> { }
        }
        switch (event.kind()) {
            case EXPIRED, WRITES_RECOVERED -> Logger.info(event.logLine());
            case WRITES_FAILING, WRITES_STOPPED -> Logger.error(event.logLine());
            default -> Logger.warn(event.logLine());
        }
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            Logger.warn(e, "store: event listener failed on {}", event.kind());
        }
    }

    /** Refuses a write up front once the file is known to be damaged (fail-stop). */
    void checkWritable() throws StoreException {
        StoreHealth current = health;
        if (current.status() == StoreHealth.Status.WRITES_STOPPED) {
            throw new StoreException("writes stopped since " + current.since() + ": " + current.reason());
        }
    }

    /**
     * Records a failed write: damage stops writes, anything else leaves them failing until one
     * succeeds. Returns the exception every caller of the batch gets.
     */
    StoreException writeFailed(SQLException cause, int writes) {
        String reason = "write to " + file + " failed: " + cause.getMessage();
        changeHealth(SqliteErrors.isDamage(cause) ? StoreHealth.Status.WRITES_STOPPED
                : StoreHealth.Status.WRITES_FAILING, reason);
        return new StoreException(reason + " (nothing of the " + writes + " write(s) in this transaction was stored)", cause);
    }

    /** A read hit damage: writes stop too, since the file can no longer be trusted. */
    StoreException readFailed(SQLException cause) {
        String reason = "read from " + file + " failed: " + cause.getMessage();
        if (SqliteErrors.isDamage(cause)) {
            changeHealth(StoreHealth.Status.WRITES_STOPPED, reason);
        }
        return new StoreException(reason, cause);
    }

    void writeSucceeded() {
        if (health.status() == StoreHealth.Status.WRITES_FAILING) {
            changeHealth(StoreHealth.Status.HEALTHY, "");
        }
    }

    private synchronized void changeHealth(StoreHealth.Status status, String reason) {
        StoreHealth previous = health;
        if (previous.status() == StoreHealth.Status.WRITES_STOPPED) {
            return; // only a reopen clears damage
        }
        if (previous.status() == status && previous.reason().equals(reason)) {
            return;
        }
        health = new StoreHealth(status, reason, clock.instant());
        StoreEvent.Kind kind = switch (status) {
            case HEALTHY -> StoreEvent.Kind.WRITES_RECOVERED;
            case WRITES_FAILING -> StoreEvent.Kind.WRITES_FAILING;
            case WRITES_STOPPED -> StoreEvent.Kind.WRITES_STOPPED;
        };
        emit(new StoreEvent(kind, "", "", status == StoreHealth.Status.HEALTHY
                ? "writes to " + file + " commit again after: " + previous.reason() : reason));
    }
}
