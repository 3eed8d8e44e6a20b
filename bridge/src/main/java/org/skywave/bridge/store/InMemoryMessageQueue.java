package org.skywave.bridge.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.skywave.bridge.message.MessageId;

/**
 * A {@link MessageQueue} held in memory, for tests and the demo only: it forgets everything when
 * the process ends. It follows the same contract as the durable queue, including the size bound
 * (of this queue alone) and eviction order of {@link StoreOptions}, and logs the same events.
 */
public final class InMemoryMessageQueue implements MessageQueue {

    private record Key(int priority, long seq) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::priority).thenComparingLong(Key::seq);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Entry {
        final Key key;
        QueuedMessage message;
        long nextAttemptAt;

        Entry(Key key, QueuedMessage message, long nextAttemptAt) {
            this.key = key;
            this.message = message;
            this.nextAttemptAt = nextAttemptAt;
        }
    }

    private final String destination;
    private final String station;
    /** How logs, counters and departures name this queue ({@link QueuedMessage#queueName()}). */
    private final String name;
    private final StoreOptions options;
    private final StoreMonitor monitor;
    private final TreeMap<Key, Entry> sendOrder = new TreeMap<>();
    private final Map<MessageId, Entry> byId = new HashMap<>();
    private long nextSeq;
    private long bytes;

    /** The queue of link {@code destination} for far station {@code station} ({@link QueuedMessage#ANY_STATION}: anyone). */
    public InMemoryMessageQueue(String destination, String station, StoreOptions options) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(station, "station");
        QueuedMessage.checkDestination(destination);
        QueuedMessage.checkStation(station);
        this.destination = destination;
        this.station = station;
        this.name = QueuedMessage.queueName(destination, station);
        this.options = Objects.requireNonNull(options, "options");
        this.monitor = new StoreMonitor("memory:" + name, options.clock(), options.listener());
    }

    public InMemoryMessageQueue(String destination, StoreOptions options) {
        this(destination, QueuedMessage.ANY_STATION, options);
    }

    public InMemoryMessageQueue(String destination) {
        this(destination, StoreOptions.defaults());
    }

    @Override
    public String destination() {
        return destination;
    }

    @Override
    public String station() {
        return station;
    }

    @Override
    public synchronized boolean offer(QueuedMessage message) throws StoreException {
        Objects.requireNonNull(message, "message");
        if (!message.destination().equals(destination) || !message.station().equals(station)) {
            throw new IllegalArgumentException("message for " + message.queueName() + " offered to queue " + name);
        }
        if (byId.containsKey(message.id())) {
            return false;
        }
        makeRoom(message);
        Entry entry = new Entry(new Key(message.priority().code(), nextSeq++), message, options.clock().millis());
        sendOrder.put(entry.key, entry);
        byId.put(message.id(), entry);
        bytes += message.size();
        return true;
    }

    private void makeRoom(QueuedMessage message) throws StoreFullException {
        long size = message.size();
        String reason = null;
        List<Entry> victims = List.of();
        if (size > options.maxBytes()) {
            reason = "message of " + size + " bytes exceeds the store limit of " + options.maxBytes() + " bytes";
        } else {
            long needMessages = byId.size() + 1 - options.maxMessages();
            long needBytes = bytes + size - options.maxBytes();
            victims = pickOldest(needMessages, needBytes, message.priority().code());
            if (victims == null) {
                reason = "store full (" + byId.size() + "/" + options.maxMessages() + " messages, " + bytes + "/"
                        + options.maxBytes() + " bytes), and not enough of priority " + message.priority()
                        + " or lower could go";
            }
        }
        if (reason != null) {
            monitor.emit(new StoreEvent(StoreEvent.Kind.REJECTED, name, message.id().hex(), reason));
            throw new StoreFullException("message " + message.id().hex() + " for " + name + " refused: " + reason);
        }
        String full = "store full (" + byId.size() + "/" + options.maxMessages() + " messages, " + bytes + "/"
                + options.maxBytes() + " bytes)";
        for (Entry victim : victims) {
            remove(victim);
            departed(victim, Departure.Reason.EVICTED, victim.message.attempts());
            monitor.emit(new StoreEvent(StoreEvent.Kind.EVICTED, name, victim.message.id().hex(),
                    full + ": lowest priority then oldest (" + victim.message.priority() + ", " + victim.message.size()
                            + " bytes) gives way to " + message.id().hex() + " (" + message.priority() + ")"));
        }
    }

    /** Victims in eviction order until enough is freed, or null if the eligible ones are not enough. */
    private List<Entry> pickOldest(long needMessages, long needBytes, int candidatePriority) {
        List<Entry> victims = new ArrayList<>();
        long freedBytes = 0;
        for (int priority = Priority.BLOCK.code(); priority > Priority.CONTROL.code() && priority >= candidatePriority;
             priority--) {
            for (Entry entry : sendOrder.subMap(new Key(priority, Long.MIN_VALUE), new Key(priority, Long.MAX_VALUE))
                    .values()) {
                if (victims.size() >= needMessages && freedBytes >= needBytes) {
                    return victims;
                }
                victims.add(entry);
                freedBytes += entry.message.size();
            }
        }
        return victims.size() >= needMessages && freedBytes >= needBytes ? victims : null;
    }

    @Override
    public synchronized List<QueuedMessage> peek(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max < 1: " + max);
        }
        long now = options.clock().millis();
        List<QueuedMessage> ready = new ArrayList<>();
        for (Entry entry : sendOrder.values()) {
            if (ready.size() == max) {
                break;
            }
            if (entry.nextAttemptAt <= now && entry.message.expiresAt().toEpochMilli() > now) {
                ready.add(entry.message);
            }
        }
        return ready;
    }

    @Override
    public synchronized void ack(MessageId id) {
        Entry entry = byId.get(Objects.requireNonNull(id, "id"));
        if (entry != null) {
            remove(entry);
            departed(entry, Departure.Reason.ACKNOWLEDGED, entry.message.attempts());
        }
    }

    @Override
    public synchronized void retryLater(MessageId id, Duration delay) {
        long millis = SqliteMessageQueue.checkDelay(delay);
        Entry entry = byId.get(Objects.requireNonNull(id, "id"));
        if (entry != null) {
            entry.message = entry.message.withAttempts(entry.message.attempts() + 1);
            entry.nextAttemptAt = options.clock().millis() + millis;
            monitor.counters(name).retries.incrementAndGet();
        }
    }

    @Override
    public synchronized void markSent(MessageId id, Duration delay) {
        long millis = SqliteMessageQueue.checkDelay(delay);
        Entry entry = byId.get(Objects.requireNonNull(id, "id"));
        if (entry == null) {
            return;
        }
        int attempts = entry.message.attempts() + 1;
        if (attempts >= entry.message.repeats()) {
            remove(entry);
            departed(entry, Departure.Reason.REPEATS_SENT, attempts);
        } else {
            entry.message = entry.message.withAttempts(attempts);
            entry.nextAttemptAt = options.clock().millis() + millis;
        }
    }

    /** Memory has no quarantine table: the message is dropped, logged and counted. */
    @Override
    public synchronized void quarantine(MessageId id, String error) {
        Objects.requireNonNull(error, "error");
        Entry entry = byId.get(Objects.requireNonNull(id, "id"));
        if (entry != null) {
            remove(entry);
            departed(entry, Departure.Reason.QUARANTINED, entry.message.attempts());
            monitor.emit(new StoreEvent(StoreEvent.Kind.QUARANTINED, name, id.hex(), error));
        }
    }

    @Override
    public synchronized boolean contains(MessageId id) {
        return byId.containsKey(Objects.requireNonNull(id, "id"));
    }

    @Override
    public synchronized Optional<QueuedStatus> status(MessageId id) {
        Entry entry = byId.get(Objects.requireNonNull(id, "id"));
        if (entry == null) {
            return Optional.empty();
        }
        QueuedMessage m = entry.message;
        return Optional.of(new QueuedStatus(m.id(), destination, m.priority(), m.enqueuedAt(), m.expiresAt(),
                Instant.ofEpochMilli(entry.nextAttemptAt), m.attempts(), m.repeats()));
    }

    @Override
    public Optional<Departure> departure(MessageId id) {
        return monitor.departure(name, Objects.requireNonNull(id, "id"));
    }

    @Override
    public synchronized int purgeExpired() {
        long now = options.clock().millis();
        int purged = 0;
        for (Iterator<Entry> it = sendOrder.values().iterator(); it.hasNext(); ) {
            Entry entry = it.next();
            if (entry.message.expiresAt().toEpochMilli() <= now) {
                it.remove();
                byId.remove(entry.message.id());
                bytes -= entry.message.size();
                purged++;
                departed(entry, Departure.Reason.EXPIRED, entry.message.attempts());
                monitor.emit(new StoreEvent(StoreEvent.Kind.EXPIRED, name, entry.message.id().hex(),
                        "time-to-live ended at " + entry.message.expiresAt() + " after " + entry.message.attempts()
                                + " attempt(s)"));
            }
        }
        return purged;
    }

    @Override
    public synchronized QueueStats stats() {
        long oldest = Long.MAX_VALUE;
        for (Entry entry : sendOrder.values()) {
            oldest = Math.min(oldest, entry.message.enqueuedAt().toEpochMilli());
        }
        Duration age = byId.isEmpty() ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, options.clock().millis() - oldest));
        StoreMonitor.Counters counters = monitor.counters(name);
        return new QueueStats(name, byId.size(), bytes, age, counters.retries.get(), counters.evictions.get(),
                counters.expiries.get(), counters.rejected.get(), counters.quarantined.get());
    }

    private void departed(Entry entry, Departure.Reason reason, int attempts) {
        monitor.departed(new Departure(entry.message.id(), name, reason, options.clock().instant(), attempts));
    }

    private void remove(Entry entry) {
        sendOrder.remove(entry.key);
        byId.remove(entry.message.id());
        bytes -= entry.message.size();
    }
}
