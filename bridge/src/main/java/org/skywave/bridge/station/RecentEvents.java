package org.skywave.bridge.station;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The last {@link #CAPACITY} events an operator cares about (links and nodes going up or down,
 * bans, store health changes), newest last, for the status page and {@code skywave status}. The
 * log keeps the full history; this keeps what a glance needs in bounded memory. Thread-safe:
 * links and nodes report from their own threads.
 */
public final class RecentEvents {

    /** Enough for the last few minutes of a busy station; each event is one short line. */
    public static final int CAPACITY = 50;

    /** One event: when, what it is about ({@code link ax25-1}, {@code node btc}, {@code store}), and what happened. */
    public record Event(Instant at, String subject, String text) {

        public Event {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(text, "text");
        }
    }

    private final Clock clock;
    private final ArrayDeque<Event> events = new ArrayDeque<>(CAPACITY);
    /** The last state recorded per link or node: a handful of entries, one per configured name. */
    private final Map<String, String> lastStates = new HashMap<>();

    public RecentEvents(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records an event now, dropping the oldest once {@link #CAPACITY} are kept. */
    public synchronized void add(String subject, String text) {
        if (events.size() == CAPACITY) {
            events.removeFirst();
        }
        events.addLast(new Event(clock.instant(), subject, text));
    }

    /**
     * Records that {@code subject} (a link or node) went to {@code state}, unless that is noise: the
     * state it was already in (with another detail), or {@code CONNECTING} other than right after
     * {@code UP}, which is a redial of something already known to be down. Without this a
     * peer that stays away would fill the ring with its redials within minutes.
     */
    public synchronized void stateChanged(String subject, String state, String detail) {
        String last = lastStates.get(subject);
        if (state.equals(last) || ("CONNECTING".equals(state) && !"UP".equals(last))) {
            return;
        }
        lastStates.put(subject, state);
        add(subject, state + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    /** The events kept, oldest first. */
    public synchronized List<Event> list() {
        return List.copyOf(new ArrayList<>(events));
    }
}
