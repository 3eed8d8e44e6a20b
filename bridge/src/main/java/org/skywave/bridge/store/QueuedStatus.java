package org.skywave.bridge.store;

import java.time.Instant;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * Where one message stands in a queue, without its payload: what {@link MessageQueue#status}
 * answers. Instants have millisecond precision, as stored.
 *
 * @param id            the message id
 * @param destination   the queue it waits in
 * @param priority      its class
 * @param enqueuedAt    when it was accepted
 * @param expiresAt     when it is dropped if still here
 * @param nextAttemptAt when it may next be sent: before a first send, when it was accepted; after
 *                      a send, when the retry delay ends (it waits for an acknowledgement until then)
 * @param attempts      send attempts counted so far (each transmission, and each the link refused)
 * @param repeats       on broadcast-only links, the sends after which it leaves the queue
 */
public record QueuedStatus(MessageId id, String destination, Priority priority, Instant enqueuedAt, Instant expiresAt,
                           Instant nextAttemptAt, int attempts, int repeats) {

    public QueuedStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts < 0: " + attempts);
        }
    }
}
