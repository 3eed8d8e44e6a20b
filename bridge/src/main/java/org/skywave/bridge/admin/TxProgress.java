package org.skywave.bridge.admin;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * Where one transaction stands on each link of the station.
 *
 * @param id    the transaction's id (internal byte order)
 * @param links one entry per link of the station, in config order
 */
public record TxProgress(MessageId id, List<LinkProgress> links) {

    public TxProgress {
        Objects.requireNonNull(id, "id");
        links = List.copyOf(links);
    }

    /** True while at least one link still holds it in its queue. */
    public boolean inProgress() {
        return links.stream().anyMatch(link -> link.state().inQueue());
    }

    /**
     * The transaction's standing on one link.
     *
     * @param attempts      send attempts so far (while queued), or before it left; 0 if none or unknown
     * @param lastSentAt    when a transmission of it last completed, if known (the station remembers
     *                      this in memory only); null otherwise
     * @param nextAttemptAt while queued: when it may next be sent (after a send, when the wait for
     *                      the acknowledgement ends); null otherwise
     * @param leftAt        when it left the queue, if the store remembers; null otherwise
     */
    public record LinkProgress(String link, State state, String detail, int attempts, Instant lastSentAt,
            Instant nextAttemptAt, Instant leftAt) {

        public LinkProgress {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
            if (attempts < 0) {
                throw new IllegalArgumentException("attempts < 0: " + attempts);
            }
        }

        /** A standing with no attempts or times to tell. */
        public LinkProgress(String link, State state, String detail) {
            this(link, state, detail, 0, null, null, null);
        }
    }

    /** Where a transaction is relative to one link's queue. */
    public enum State {
        /** In the link's durable queue, not sent yet. */
        QUEUED,
        /** In the queue and being sent at this moment. */
        SENDING,
        /** In the queue, sent at least once: waiting for the far station's acknowledgement (or, on a broadcast-only link, for its next repeat). */
        SENT,
        /** Left the queue: the far station acknowledged it. */
        ACKNOWLEDGED,
        /** Left the queue: a broadcast-only link sent it its configured repeats (no acknowledgement comes on such a link). */
        REPEATS_SENT,
        /** Left the queue: its time-to-live ran out first. */
        EXPIRED,
        /** Left the queue: it made room in a full store. */
        EVICTED,
        /** Left the queue: its stored row was unusable and went to the quarantine table. */
        QUARANTINED,
        /** It was queued here and has left, but how is no longer remembered (the station restarted, or many left since). */
        LEFT_QUEUE,
        /** Not in this link's queue, and not known to have been queued here. */
        NOT_QUEUED;

        /** Still in the link's queue. */
        public boolean inQueue() {
            return this == QUEUED || this == SENDING || this == SENT;
        }

        /** The lower-case, hyphenated name used in JSON ({@code left-queue}). */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
