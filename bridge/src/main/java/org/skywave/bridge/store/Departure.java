package org.skywave.bridge.store;

import java.time.Instant;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * How a message left a queue, as the store remembers it for a while ({@link MessageQueue#departure}).
 *
 * @param id          the message id
 * @param destination the queue it left
 * @param reason      why it left
 * @param at          when the change committed
 * @param attempts    send attempts counted before it left (0 if the stored count was unusable)
 */
public record Departure(MessageId id, String destination, Reason reason, Instant at, int attempts) {

    /** Why a message left its queue. */
    public enum Reason {
        /** The far station acknowledged it ({@link MessageQueue#ack}). */
        ACKNOWLEDGED,
        /** A broadcast-only link sent it its configured repeats ({@link MessageQueue#markSent}). */
        REPEATS_SENT,
        /** Its time-to-live ran out before it was delivered. */
        EXPIRED,
        /** It made room for a higher-ranked or newer message in a full store. */
        EVICTED,
        /** Its stored row could not be used and was moved to the quarantine table. */
        QUARANTINED
    }

    public Departure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        attempts = Math.max(0, attempts);
    }
}
