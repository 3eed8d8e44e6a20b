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
    private final QueueKey key;
    private final String destination;
    /** How logs, counters and departures name this queue. */
    private final String name;

    SqliteMessageQueue(MessageStore store, QueueKey key) {
        this.store = store;
        this.key = key;
        this.destination = key.destination();
        this.name = key.name();
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public String station() {
        return key.station();
    }

    @Override
    public boolean offer(QueuedMessage message) throws StoreException {
        Objects.requireNonNull(message, "message");
        store.checkOpen();
        if (!message.destination().equals(destination) || !message.station().equals(key.station())) {
            throw new IllegalArgumentException("message for " + message.queueName() + " offered to queue " + name);
        }
        return store.writer().execute(batch -> batch.offer(message), message.size());
    }

    @Override
    public List<QueuedMessage> peek(int max) throws StoreException {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1: " + max);
        }
        store.checkOpen();
        StoreReader.Page page = store.reader().peek(destination, key.station(), store.clock().millis(), max);
        for (StoreReader.BadRow bad : page.bad()) {
            try {
                store.writer().execute(batch -> batch.quarantineRow(bad.seq(), bad.error()));
            } catch (StoreException e) {
                // Still skipped in this peek; it is tried again on the next one.
                Logger.warn("store: cannot quarantine row {} of {} ({}): {}", bad.seq(), name, bad.error(),
                        e.getMessage());
            }
        }
        return page.messages();
    }

    @Override
    public void ack(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.delete(key, id));
    }

    @Override
    public CompletableFuture<Void> ackAsync(MessageId id) {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.writer().submitRelaxed(batch -> {
            batch.delete(key, id);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> retryLaterAsync(MessageId id, Duration delay) {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        return store.writer().submitRelaxed(batch -> {
            batch.retryLater(key, id, millis);
            return null;
        });
    }

    @Override
    public void retryLater(MessageId id, Duration delay) throws StoreException {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.retryLater(key, id, millis));
    }

    @Override
    public void markSent(MessageId id, Duration delay) throws StoreException {
        Objects.requireNonNull(id, "id");
        long millis = checkDelay(delay);
        store.checkOpen();
        store.writer().executeRelaxed(batch -> batch.markSent(key, id, millis));
    }

    @Override
    public void quarantine(MessageId id, String error) throws StoreException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(error, "error");
        store.checkOpen();
        store.writer().execute(batch -> batch.quarantine(key, id, error));
    }

    @Override
    public boolean contains(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.reader().queued(key, id);
    }

    @Override
    public Optional<QueuedStatus> status(MessageId id) throws StoreException {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return Optional.ofNullable(store.reader().status(key, id));
    }

    @Override
    public Optional<Departure> departure(MessageId id) {
        Objects.requireNonNull(id, "id");
        store.checkOpen();
        return store.monitor().departure(name, id);
    }

    @Override
    public int purgeExpired() throws StoreException {
        store.checkOpen();
        return store.writer().execute(batch -> batch.purgeExpired(key));
    }

    @Override
    public QueueStats stats() throws StoreException {
        store.checkOpen();
        return store.stats(key);
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
        return "SqliteMessageQueue[" + name + "]";
    }
}
