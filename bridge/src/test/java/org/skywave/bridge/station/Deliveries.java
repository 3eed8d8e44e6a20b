package org.skywave.bridge.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.transport.sim.VirtualClock;

/** Records what a station delivers locally, in order, with the link and the virtual time of each. */
final class Deliveries implements LocalDelivery {

    /** One delivery. */
    record Delivery(String linkName, Message message, Duration at) {
    }

    private final VirtualClock clock;
    private final List<Delivery> all = new ArrayList<>();
    private final Map<MessageId, Integer> counts = new HashMap<>();
    private RuntimeException failNext;

    Deliveries(VirtualClock clock) {
        this.clock = clock;
    }

    @Override
    public void deliver(String linkName, Message message) {
        if (failNext != null) {
            RuntimeException fault = failNext;
            failNext = null;
            throw fault;
        }
        all.add(new Delivery(linkName, message, clock.elapsed()));
        counts.merge(message.id(), 1, Integer::sum);
    }

    /** The next delivery throws {@code fault} instead of recording: a bug in a node adapter, injected. */
    void failNext(RuntimeException fault) {
        this.failNext = fault;
    }

    int size() {
        return all.size();
    }

    int count(MessageId id) {
        return counts.getOrDefault(id, 0);
    }

    boolean contains(MessageId id) {
        return counts.containsKey(id);
    }

    /** Distinct ids delivered. */
    int distinct() {
        return counts.size();
    }

    List<Delivery> all() {
        return List.copyOf(all);
    }

    /** The ids in delivery order. */
    List<MessageId> ids() {
        return all.stream().map(d -> d.message().id()).toList();
    }
}
