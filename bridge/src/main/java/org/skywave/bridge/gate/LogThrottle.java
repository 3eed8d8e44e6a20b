package org.skywave.bridge.gate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Lets one log line through per key (a peer and a reason) per interval and counts the ones held
 * back, so that a stranger sending garbage as fast as it can writes a line every few seconds, not
 * one per frame, and the operator still learns how many there were. Remembers a bounded number of
 * keys, forgetting the least recently used. Thread-safe.
 */
public final class LogThrottle {

    /** One line per peer and reason per 10 s: enough to see an attack going on, little enough for an SD card. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    /** Keys remembered; one more forgets the least recently used, whose next line then goes through at once. */
    static final int MAX_KEYS = 1_024;

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_KEYS;
        }
    };

    private static final class Entry {
        long lastLineNanos;
        long suppressed;
    }

    public LogThrottle(Duration interval, LongSupplier nanoTime) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Whether a line for {@code key} may be written now: -1 if not (it is counted as held back),
     * otherwise how many were held back since the last one written (0 the first time).
     */
    public synchronized long permit(String key) {
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null) {
            entry = new Entry();
            entry.lastLineNanos = now;
            entries.put(key, entry);
            return 0;
        }
        if (now - entry.lastLineNanos < intervalNanos) {
            entry.suppressed++;
            return -1;
        }
        long held = entry.suppressed;
        entry.suppressed = 0;
        entry.lastLineNanos = now;
        return held;
    }

    /** The text to append to a line written after {@code held} were held back: empty when none were. */
    public static String heldBack(long held) {
        return held <= 0 ? "" : " (" + held + " more like it not logged)";
    }
}
