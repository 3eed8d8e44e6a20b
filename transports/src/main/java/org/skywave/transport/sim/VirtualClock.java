package org.skywave.transport.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * A deterministic clock for tests: time starts at 0 and advances only through
 * {@link #advanceBy(Duration)} and {@link #runUntilIdle(int)}, which run due tasks on the calling
 * thread, in time order and, at equal times, in scheduling order. Tasks may be scheduled from
 * any thread; advancing is meant for one thread at a time.
 */
public final class VirtualClock implements SimClock {

    /** Bound on tasks run by one {@link #advanceBy}, so a task that reschedules itself forever ends the test instead of hanging it. */
    public static final int MAX_EVENTS_PER_ADVANCE = 10_000_000;

    private record Event(long time, long sequence, Runnable task) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(time, other.time);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final Object lock = new Object();
    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long sequence;

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return now;
        }
    }

    /** Time since the clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanoTime());
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        Objects.requireNonNull(task, "task");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0: " + delay);
        }
        synchronized (lock) {
            events.add(new Event(now + delay.toNanos(), sequence++, task));
        }
    }

    /** Tasks scheduled and not yet run. */
    public int pendingEvents() {
        synchronized (lock) {
            return events.size();
        }
    }

    /**
     * Moves time forward by {@code duration}, running every task due by then (including tasks
     * those tasks schedule within the window), each with the clock set to its due time.
     *
     * @return the number of tasks run
     */
    public int advanceBy(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration < 0: " + duration);
        }
        long target;
        synchronized (lock) {
            target = now + duration.toNanos();
        }
        int run = 0;
        while (true) {
            Event next;
            synchronized (lock) {
                next = events.peek();
                if (next == null || next.time > target) {
                    now = target;
                    return run;
                }
                events.poll();
                now = next.time;
            }
            if (++run > MAX_EVENTS_PER_ADVANCE) {
                throw new IllegalStateException("more than " + MAX_EVENTS_PER_ADVANCE + " tasks in one advance of " + duration);
            }
            next.task.run();
        }
    }

    /**
     * Runs tasks in order, moving time to each one's due time, until none is left.
     *
     * @return the number of tasks run
     * @throws IllegalStateException if tasks are still pending after {@code maxEvents} ran
     */
    public int runUntilIdle(int maxEvents) {
        if (maxEvents < 0) {
            throw new IllegalArgumentException("maxEvents < 0: " + maxEvents);
        }
        for (int run = 0; ; run++) {
            Event next;
            synchronized (lock) {
                next = events.peek();
                if (next == null) {
                    return run;
                }
                if (run >= maxEvents) {
                    throw new IllegalStateException("still " + events.size() + " tasks pending after running " + maxEvents);
                }
                events.poll();
                now = next.time;
            }
            next.task.run();
        }
    }

    @Override
    public String toString() {
        return "VirtualClock[" + elapsed() + ", " + pendingEvents() + " pending]";
    }
}
