package org.skywave.bridge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.store.QueuedMessage;

/**
 * Turns a message that reached the station into the queue entries it becomes: one per link the
 * gate lets it go to and whose own policy admits it, never back to the link it came on. Station
 * thread only.
 */
final class Router {

    private final Gate gate;
    private final Collection<StationLink> links;
    private final StationExecutor executor;
    private final Duration messageTtl;
    private final MessageCodec codec;

    /** @param links the station's links, read live: links opened later are routed to */
    Router(Gate gate, Collection<StationLink> links, StationExecutor executor, Duration messageTtl, MessageCodec codec) {
        this.gate = gate;
        this.links = links;
        this.executor = executor;
        this.messageTtl = messageTtl;
        this.codec = codec;
    }

    /**
     * The queue entries {@code message}, arrived with hop count {@code hops}, becomes: one per link
     * the gate sends it to ({@code from} null for local submissions), never back to the link it
     * came on, each with the hop count its frames will carry there.
     */
    List<QueuedMessage> onward(StationLink from, Message message, int hops) {
        Gate.Side fromSide = from == null ? Gate.Side.LOCAL : from.side();
        Set<Gate.Side> present = EnumSet.noneOf(Gate.Side.class);
        for (StationLink to : links) {
            if (to != from) {
                present.add(to.side());
            }
        }
        if (present.isEmpty()) {
            return List.of();
        }
        byte[] encoded = codec.encode(message);
        Set<Gate.Side> destinations = gate.destinations(fromSide, message, encoded.length, hops, present);
        byte[] compact = null;
        List<QueuedMessage> onward = new ArrayList<>();
        for (StationLink to : links) {
            if (to == from || !destinations.contains(to.side()) || !to.admits(message, encoded.length)) {
                continue;
            }
            if (to.compactTransactions() && compact == null) {
                compact = codec.encodeCompact(message); // what a station sends another: TX in compact form
            }
            onward.add(QueuedMessage.of(message.id(), to.name(), Priorities.of(message.kind()),
                    to.compactTransactions() ? compact : encoded,
                    executor.clock().instant(), messageTtl).withRepeats(Math.max(1, to.repeats()))
                    .withHops(Gate.hopsOnward(fromSide, to.side(), hops)));
        }
        return onward;
    }

    /** When a message accepted now expires. */
    Instant expiry() {
        return executor.clock().instant().plus(messageTtl);
    }
}
