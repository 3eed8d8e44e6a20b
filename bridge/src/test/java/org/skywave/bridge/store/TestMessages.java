package org.skywave.bridge.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import org.skywave.bridge.message.MessageId;

/** Seeded ids and payloads for store tests. */
final class TestMessages {

    private final Random random;
    private final Clock clock;

    TestMessages(long seed, Clock clock) {
        this.random = new Random(seed);
        this.clock = clock;
    }

    MessageId id() {
        byte[] bytes = new byte[MessageId.LENGTH];
        random.nextBytes(bytes);
        return MessageId.of(bytes);
    }

    byte[] payload(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    QueuedMessage message(String destination, Priority priority) {
        return message(destination, priority, 16, Duration.ofHours(1));
    }

    QueuedMessage message(String destination, Priority priority, int size, Duration ttl) {
        return QueuedMessage.of(id(), destination, priority, payload(size), clock.instant(), ttl);
    }
}
