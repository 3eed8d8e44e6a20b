package org.skywave.bridge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.store.QueuedMessage;

/**
 * Turns a message that reached the station into the queue entries it becomes: one per link the
 * gate lets it go to and whose own policy admits it, never back to the link it came on, and on a
 * link that names far stations one per far station. Station thread only.
 */
final class Router {

    private final Gate gate;
    private final Collection<StationLink> links;
    /** Attached nodes; a message from a link that one of them takes is queued durably for it too. */
    private final List<NodeRoute> nodes = new CopyOnWriteArrayList<>();
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
        return route(from, message, hops).entries();
    }

    /**
     * Where a message goes: its queue entries, and for every other link (but the one it came on)
     * why it does not go there.
     *
     * @param entries one per link it is queued for
     * @param refused link name to the reason it is not queued there, in the order the links were opened
     */
    record Route(List<QueuedMessage> entries, Map<String, String> refused) {

        /** The names of the links (and nodes) it is queued for. */
        List<String> links() {
            return entries.stream().map(QueuedMessage::destination).toList();
        }
    }

    /**
     * An attached node as a destination: its durable queue's name, and which messages it takes
     * (transactions of its network).
     */
    record NodeRoute(String destination, Predicate<Message> takes) {
    }

    void addNode(NodeRoute node) {
        nodes.add(node);
    }

    /** As {@link #onward}, with the reasons. */
    Route route(StationLink from, Message message, int hops) {
        Route toLinks = routeToLinks(from, message, hops);
        if (from == null || nodes.isEmpty() || Gate.isLinkLocal(message.kind())) {
            return toLinks; // what the operator or a node submits goes to the links, not back to the nodes
        }
        List<QueuedMessage> entries = new ArrayList<>(toLinks.entries());
        byte[] encoded = null;
        for (NodeRoute node : nodes) {
            if (node.takes().test(message)) {
                encoded = encoded == null ? codec.encode(message) : encoded;
                entries.add(QueuedMessage.of(message.id(), node.destination(), Priorities.of(message.kind()), encoded,
                        executor.clock().instant(), messageTtl));
            }
        }
        return new Route(entries, toLinks.refused());
    }

    private Route routeToLinks(StationLink from, Message message, int hops) {
        Gate.Side fromSide = from == null ? Gate.Side.LOCAL : from.side();
        Set<Gate.Side> present = EnumSet.noneOf(Gate.Side.class);
        for (StationLink to : links) {
            if (to != from) {
                present.add(to.side());
            }
        }
        Map<String, String> refused = new LinkedHashMap<>();
        if (present.isEmpty()) {
            return new Route(List.of(), refused);
        }
        byte[] encoded = codec.encode(message);
        Gate.Routing routing = gate.route(fromSide, message, encoded.length, hops, present);
        byte[] compact = null;
        List<QueuedMessage> onward = new ArrayList<>();
        for (StationLink to : links) {
            if (to == from) {
                continue;
            }
            if (!routing.sides().contains(to.side())) {
                refused.put(to.name(), routing.refused().getOrDefault(to.side(), "not routed there"));
                continue;
            }
            if (!to.admits(message, encoded.length)) {
                refused.put(to.name(), "the link's own policy (allowed_kinds, max_message_bytes, max_per_minute,"
                        + " max_per_5_minutes) refuses it");
                continue;
            }
            if (to.compactTransactions() && compact == null) {
                compact = codec.encodeCompact(message); // what a station sends another: TX in compact form
            }
            QueuedMessage queued = QueuedMessage.of(message.id(), to.name(), Priorities.of(message.kind()),
                    to.compactTransactions() ? compact : encoded,
                    executor.clock().instant(), messageTtl).withRepeats(Math.max(1, to.repeats()))
                    .withHops(Gate.hopsOnward(fromSide, to.side(), hops));
            // Once per far station the link names: each waits for its own station, and goes only to it.
            for (String station : to.queueStations()) {
                onward.add(queued.withStation(station));
            }
        }
        return new Route(onward, refused);
    }

    /** When a message accepted now expires. */
    Instant expiry() {
        return executor.clock().instant().plus(messageTtl);
    }
}
