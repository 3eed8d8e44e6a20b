package org.skywave.bridge.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.skywave.bridge.message.MessageId;

/**
 * The outbound messages waiting for one destination: a link, or a link and a far station on it
 * ({@link #station()}); a message is queued once per far station it is for. A message is
 * taken with {@link #peek}, sent, and leaves only by {@link #ack} (the far station confirmed it),
 * by {@link #markSent} after its configured repeats (broadcast-only links), or by an explicit,
 * logged rule: expiry, eviction, quarantine. There is no {@code poll}: nothing is removed before
 * it is delivered. {@link #peek} gives back every field offered, the hop count the message's
 * frames carry ({@link QueuedMessage#hops()}) included, also after a restart.
 *
 * <p><b>Size bound and eviction order.</b> The store is bounded in messages and payload bytes
 * (store-wide, {@link StoreOptions}). An offer that would pass a bound first evicts, in this
 * order: the lowest priority class first ({@link Priority#BLOCK} before {@link Priority#TX}),
 * within a class the oldest first. Only messages of the offered message's class or lower are
 * eligible, and {@link Priority#CONTROL} is never evicted; if that is not enough room the offer
 * is refused with {@link StoreFullException}. Every eviction, expiry and refusal is logged as one
 * line with id, destination and reason, and counted in {@link #stats()}.
 *
 * <p>All methods throw {@link IllegalStateException} once the store is closed.
 */
public interface MessageQueue {

    /** The destination (link) this queue holds messages for. */
    String destination();

    /**
     * The far station on that link this queue holds messages for, or
     * {@link QueuedMessage#ANY_STATION} for whoever is on the link.
     */
    default String station() {
        return QueuedMessage.ANY_STATION;
    }

    /**
     * Queues {@code message}, returning only after it is committed to disk.
     *
     * @return false, storing nothing, if a message with the same id is already queued here
     * @throws StoreFullException if the store is full of messages ranked above this one
     * @throws StoreException     if the write failed or was not confirmed; the message is not accepted
     * @throws IllegalArgumentException if the message names another destination
     */
    boolean offer(QueuedMessage message) throws StoreException;

    /**
     * Up to {@code max} messages ready to send now (next attempt due, not expired), highest
     * priority first, then in the order they were offered. Nothing is removed.
     */
    List<QueuedMessage> peek(int max) throws StoreException;

    /** Removes a delivered message; does nothing if it is no longer queued. Returns after the commit. */
    void ack(MessageId id) throws StoreException;

    /**
     * As {@link #ack}, without waiting for the commit: the future completes once it is durable.
     * A station takes many ACKs a second; handed over this way they share commits.
     */
    default CompletableFuture<Void> ackAsync(MessageId id) {
        try {
            ack(id);
            return CompletableFuture.completedFuture(null);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** As {@link #retryLater}, without waiting for the commit: the future completes once it is durable. */
    default CompletableFuture<Void> retryLaterAsync(MessageId id, Duration delay) {
        try {
            retryLater(id, delay);
            return CompletableFuture.completedFuture(null);
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Counts a failed attempt and holds the message back for {@code delay}; does nothing if it is no longer queued. */
    void retryLater(MessageId id, Duration delay) throws StoreException;

    /** For broadcast-only links: {@link #markSent(MessageId, Duration)} with no delay before the next repeat. */
    default void markSent(MessageId id) throws StoreException {
        markSent(id, Duration.ZERO);
    }

    /**
     * For broadcast-only links: counts one transmission; the message leaves the queue once it was
     * sent {@link QueuedMessage#repeats()} times, otherwise it is held back for {@code delay}.
     */
    void markSent(MessageId id, Duration delay) throws StoreException;

    /**
     * Moves a message whose payload cannot be used (it does not decode, say) to the quarantine
     * table with {@code error}: kept for the operator, never deleted, never blocking the messages
     * behind it. Does nothing if it is no longer queued.
     */
    void quarantine(MessageId id, String error) throws StoreException;

    /** Whether a message with this id is queued here (ready, waiting for a retry, or expired but not yet purged). */
    boolean contains(MessageId id) throws StoreException;

    /**
     * Where the message with this id stands here (its attempts, next attempt, expiry), or empty if
     * it is not queued here. Reads one row; the payload is not read.
     */
    Optional<QueuedStatus> status(MessageId id) throws StoreException;

    /**
     * How the message with this id left this queue (acknowledged, sent its repeats, expired,
     * evicted, quarantined), if it left since the store was opened and among the last few thousand
     * departures of the store; otherwise empty. Kept in memory only; reads no disk.
     */
    Optional<Departure> departure(MessageId id);

    /** Drops this queue's expired messages now (each logged and counted); returns how many. */
    int purgeExpired() throws StoreException;

    QueueStats stats() throws StoreException;
}
