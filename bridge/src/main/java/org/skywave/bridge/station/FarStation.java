package org.skywave.bridge.station;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.skywave.bridge.link.LinkScheduler;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.support.Backoff;

/**
 * One far station a link keeps traffic for: its own queue and scheduler, and when it was last
 * called in vain. A station that does not answer backs off on its own, so the others on the link
 * are not held back. {@code name} is {@link QueuedMessage#ANY_STATION} (and {@code address} null)
 * for the one queue of a link that names no far station. Station thread only.
 */
final class FarStation {

    private final String name;
    private final LinkAddress address;
    private final MessageQueue queue;
    private final LinkScheduler scheduler;
    private final Backoff callBackoff;
    private long nextCallNanos;

    FarStation(String name, LinkAddress address, MessageQueue queue, LinkScheduler scheduler, Duration callRetryMin,
            Duration callRetryMax, RandomGenerator random, long nowNanos) {
        this.name = name;
        this.address = address;
        this.queue = queue;
        this.scheduler = scheduler;
        this.callBackoff = new Backoff(callRetryMin, callRetryMax, Backoff.Jitter.SPREAD, random);
        this.nextCallNanos = nowNanos;
        if (address != null) {
            scheduler.sendOnlyTo(address);
        }
    }

    /** Whether this is the queue of whoever is on the link rather than of one named station. */
    boolean anyone() {
        return address == null;
    }

    /** Whether a call to it may go now: traffic is ready for it, and no failed call is still backing off. */
    boolean wantsCall(long nowNanos) throws StoreException {
        return address != null && nowNanos - nextCallNanos >= 0 && !queue.peek(1).isEmpty();
    }

    /** A call failed or found no answer: the next one waits, doubling each time. */
    Duration callFailed(long nowNanos) {
        Duration wait = callBackoff.next();
        nextCallNanos = nowNanos + wait.toNanos();
        return wait;
    }

    /** A session with it came up: it is called again at once whenever its traffic waits. */
    void sessionUp(long nowNanos) {
        callBackoff.reset();
        nextCallNanos = nowNanos;
    }

    String name() {
        return name;
    }

    LinkAddress address() {
        return address;
    }

    MessageQueue queue() {
        return queue;
    }

    LinkScheduler scheduler() {
        return scheduler;
    }
}
