package org.skywave.bridge.station;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * What became of a message submitted to a station: the links whose durable queues now hold it,
 * and for each other link why not. A message queued on no link is not marked seen, so it can be
 * submitted again once the reason is gone (a transmit limit has passed, say).
 *
 * @param id          the message's id
 * @param queued      the links that queued it, in the order the links were opened
 * @param refused     link name to the reason it was not queued there (the gate's policy, or the side of the link)
 * @param alreadySeen true if the station had seen it before: nothing was queued, nothing refused
 */
public record SubmitOutcome(MessageId id, List<String> queued, Map<String, String> refused, boolean alreadySeen) {

    public SubmitOutcome {
        Objects.requireNonNull(id, "id");
        queued = List.copyOf(queued);
        refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
    }

    static SubmitOutcome seen(MessageId id) {
        return new SubmitOutcome(id, List.of(), Map.of(), true);
    }

    /** True if at least one link queued it. */
    public boolean accepted() {
        return !queued.isEmpty();
    }
}
