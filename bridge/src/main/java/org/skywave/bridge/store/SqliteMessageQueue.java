package org.skywave.bridge.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.skywave.bridge.message.MessageId;
import org.tinylog.Logger;

/** A destination's queue in a {@link MessageStore}: reads on the reader connection, writes through the group-commit writer. */
final class SqliteMessageQueue implements MessageQueue {

    private final MessageStore store;
    private final String destination;

    SqliteMessageQueue(MessageStore store, String destination) {
        this.store = store;
        this.destination = destination;
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public boolean offer(QueuedMessage message) throws StoreException {
        Objects.requireNonNull(message, "message");
        store.checkOpen();
        if (!message.destination().equals(destination)) {
            throw new IllegalArgumentException("message for " + message.destination() + " offered to queue " + destination);
        }
        return store.writer().execute(batch -> batch.offer(message), message.size());
    }

    @Override
    public List<QueuedMessage> peek(int max) throws StoreException {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1: " + max);
        }
        store.checkOpen();
        StoreReader.Page page = store.reader().peek(destination, store.clock().millis(), max);
        for (StoreReader.BadRow bad : page.bad()) {
            try {
                store.writer().execute(batch -> batch.quarantineRow(bad.seq(), bad.error()));
            } catch (StoreException e) {
                // Still skipped in this peek; it is tried again on the next one.
                Logger.warn("store: cannot quarantine row {} of {} ({}): {}", bad.seq(), destination, bad.error(),
                        e.getMessage());
            }
        }
        return page.messages();
    }

    @Override
    public void ack(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.delete(destination, id));
    }

    @Override
    public CompletableFuture<Void> ackAsync(MessageId id) {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.writer().submitRelaxed(batch -> {
            batch.delete(destination, id);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> retryLaterAsync(MessageId id, Duration delay) {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        return store.writer().submitRelaxed(batch -> {
            batch.retryLater(destination, id, millis);
            return null;
        });
    }

    @Override
    public void retryLater(MessageId id, Duration delay) throws StoreException {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.retryLater(destination, id, millis));
    }

    @Override
    public void markSent(MessageId id, Duration delay) throws StoreException {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.markSent(destination, id, millis));
    }

    @Override
    public void quarantine(MessageId id, String error) throws StoreException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(error, "error");
        store.checkOpen();
        store.writer().execute(batch -> batch.quarantine(destination, id, error));
    }

    @Override
    public boolean contains(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.reader().queued(destination, id);
    }

    @Override
    public Optional<QueuedStatus> status(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return Optional.ofNullable(store.reader().status(destination, id));
    }

    @Override
    public Optional<Departure> departure(MessageId id) {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.monitor().departure(destination, id);
    }

    @Override
    public int purgeExpired() throws StoreException {
        store.checkOpen();
        return store.writer().execute(batch -> batch.purgeExpired(destination));
    }

    @Override
    public QueueStats stats() throws StoreException {
        store.checkOpen();
        return store.stats(destination);
    }

    static long checkDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay < 0: " + delay);
        }
        return delay.toMillis();
    }

    @Override
    public String toString() {
        return "SqliteMessageQueue[" + destination + "]";
    }
}
