package org.skywave.bridge.admin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * What the station did with a submitted transaction: durable in the queue of each of
 * {@code links}, refused by each of {@code refused} with the reason; a transaction no link queued
 * is not marked seen, so it can be submitted again.
 *
 * @param id          the transaction's id (internal byte order)
 * @param links       the links whose queues now hold it
 * @param refused     link name to the reason it did not queue it
 * @param alreadySeen true if the station had it before: nothing queued now
 */
public record Submission(MessageId id, List<String> links, Map<String, String> refused, boolean alreadySeen) {

    public Submission {
        Objects.requireNonNull(id, "id");
        links = List.copyOf(links);
        refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
    }

    /** Queued on {@code links}, refused nowhere. */
    public Submission(MessageId id, List<String> links) {
        this(id, links, Map.of(), false);
    }

    /** True if at least one link queued it. */
    public boolean queued() {
        return !links.isEmpty();
    }
}
