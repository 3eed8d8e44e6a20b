package org.skywave.bridge.admin;

import java.util.List;
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
        return links.stream().anyMatch(link -> link.state() == State.QUEUED);
    }

    /** The transaction's standing on one link. */
    public record LinkProgress(String link, State state, String detail) {

        public LinkProgress {
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Where a transaction is relative to one link's queue. The store tells only whether an id is
     * queued, so "waiting to be sent" and "sent, awaiting the acknowledgement" are one state.
     */
    public enum State {
        /** In the link's queue: waiting to be sent, or sent and awaiting the far station's acknowledgement. */
        QUEUED,
        /** It was queued here and has left: acknowledged, sent its configured repeats, or expired. */
        LEFT_QUEUE,
        /** Not in this link's queue, and not known to have been queued here. */
        NOT_QUEUED;

        /** The lower-case, hyphenated name used in JSON ({@code left-queue}). */
        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
