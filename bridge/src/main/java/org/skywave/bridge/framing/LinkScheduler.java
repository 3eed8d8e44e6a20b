package org.skywave.bridge.framing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.tinylog.Logger;

/**
 * Feeds one link from its durable queue: takes the next ready message in priority order, frames
 * it to the link's MTU and sends it, one message at a time, while the link is up and writable.
 *
 * <p>A message leaves the queue only when the far station acknowledges it ({@link #acknowledged})
 * or, on a broadcast-only link, after its configured repeats. After each transmission the message
 * is set aside for the retry delay, so that it is sent again only if no acknowledgement came.
 *
 * <p>Not thread-safe: every method runs on the station's single thread ({@code stationThread}).
 */
public final class LinkScheduler {

    private final String linkName;
    private final Link link;
    private final MessageQueue queue;
    private final Fragmenter fragmenter;
    private final RetryPolicy retryPolicy;
    private final boolean peerAcknowledges;
    private final Executor stationThread;
    private final LongSupplier nanoClock;
    private boolean sending;
    /** Sends wait until this nanoTime after the queue failed to record one (see {@link #afterSend}). */
    private long holdUntil;
    private boolean holding;
    /** Sends in a row whose retry delay could not be stored: the in-memory backoff grows with them. */
    private int unrecorded;
    private boolean closed;
    private long messagesSent;
    private long retransmissions;

    /**
     * @param peerAcknowledges true if the far station answers with ACK messages; false for
     *                         broadcast-only links, where each message is sent its configured repeats
     * @param nanoClock        the station's monotonic time, for holding sends back while the queue cannot record them
     */
    public LinkScheduler(String linkName, Link link, MessageQueue queue, Fragmenter fragmenter,
            RetryPolicy retryPolicy, boolean peerAcknowledges, Executor stationThread, LongSupplier nanoClock) {
        this.linkName = Objects.requireNonNull(linkName, "linkName");
        this.link = Objects.requireNonNull(link, "link");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.fragmenter = Objects.requireNonNull(fragmenter, "fragmenter");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.peerAcknowledges = peerAcknowledges;
        this.stationThread = Objects.requireNonNull(stationThread, "stationThread");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /** Sends the next ready message if the link can take it now; call on any event that may unblock it. */
    public void pump() {
        if (sending || closed || link.state() != LinkState.UP || !link.isWritable()) {
            return;
        }
        if (holding && nanoClock.getAsLong() - holdUntil < 0) {
            return;
        }
        holding = false;
        List<QueuedMessage> ready;
        try {
            ready = queue.peek(1);
        } catch (StoreException e) {
            Logger.error("link {}: cannot read its queue: {}", linkName, e.getMessage());
            return;
        }
        if (ready.isEmpty()) {
            return;
        }
        QueuedMessage message = ready.get(0);
        List<byte[]> frames = fragmenter.frames(message.payload());
        sending = true;
        if (message.attempts() > 0) {
            retransmissions++;
        }
        Logger.debug("link {}: sending {} ({} bytes, {} frames, attempt {})", linkName, message.id().shortHex(),
                message.payload().length, frames.size(), message.attempts() + 1);
        sendInOrder(frames).whenComplete((ignored, error) -> stationThread.execute(() -> afterSend(message, error)));
    }

    private CompletableFuture<Void> sendInOrder(List<byte[]> frames) {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (byte[] frame : frames) {
            chain = chain.thenCompose(ignored -> link.send(frame));
        }
        return chain;
    }

    private void afterSend(QueuedMessage message, Throwable error) {
        sending = false;
        try {
            if (error != null) {
                // Not aired: try again after the link's base delay; the attempt still counts for backoff.
                Logger.warn("link {}: sending {} failed: {}", linkName, message.id().shortHex(), rootMessage(error));
                queue.retryLater(message.id(), retryPolicy.delayAfter(message.attempts() + 1));
            } else if (peerAcknowledges) {
                messagesSent++;
                queue.retryLater(message.id(), retryPolicy.delayAfter(message.attempts() + 1));
            } else {
                messagesSent++;
                queue.markSent(message.id(), retryPolicy.delayAfter(message.attempts() + 1));
            }
            unrecorded = 0;
        } catch (StoreException e) {
            // The queue still offers the message as due: without a hold it would go out again at once,
            // over and over, for as long as the store fails. Keep the backoff in memory instead.
            unrecorded++;
            Duration hold = retryPolicy.delayAfter(message.attempts() + unrecorded);
            holding = true;
            holdUntil = nanoClock.getAsLong() + hold.toNanos();
            Logger.error("link {}: cannot record the send of {}: {}; sending nothing for {}", linkName,
                    message.id().shortHex(), e.getMessage(), hold);
        }
        pump();
    }

    /** The far station confirmed {@code id}: it leaves the queue for good. */
    public void acknowledged(MessageId id) {
        try {
            queue.ack(id);
        } catch (StoreException e) {
            Logger.error("link {}: cannot remove acknowledged {}: {}", linkName, id.shortHex(), e.getMessage());
        }
        pump();
    }

    public long messagesSent() {
        return messagesSent;
    }

    public long retransmissions() {
        return retransmissions;
    }

    public void close() {
        closed = true;
    }

    /** Base retry delay for a link: long enough for one full frame out, the channel turned round, and an ACK back. */
    public static Duration baseRetryDelay(org.skywave.transport.LinkProfile profile) {
        Duration roundTrip = profile.airtime(profile.mtu()).multipliedBy(3)
                .plus(profile.turnaround().multipliedBy(2))
                .plus(profile.airtime(64));
        Duration floor = Duration.ofSeconds(2);
        return roundTrip.compareTo(floor) < 0 ? floor : roundTrip;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t != t.getCause()) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
