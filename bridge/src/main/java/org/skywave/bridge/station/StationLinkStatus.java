package org.skywave.bridge.station;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;

/**
 * What an operator sees of one link: state, queue depth and age, sends, retries, bytes on air,
 * the station at the far end as its HELLO named it ({@code peer} null until one arrived), and
 * the peers of the link banned now, what its policy refused, by reason, and the depth of each of
 * its queues ({@code queues}: {@code vara-1/K1ABC-1} per far station it names, else {@code vara-1};
 * -1 where the store could not be read).
 */
public record StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
        Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer,
        List<PeerBan> bans, Map<String, Long> refusals, Map<String, Long> queues) {

    public StationLinkStatus {
        bans = List.copyOf(bans);
        refusals = Map.copyOf(refusals);
        queues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(queues));
    }

    /** A link whose queues are not listed one by one. */
    public StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
            Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer,
            List<PeerBan> bans, Map<String, Long> refusals) {
        this(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions, linkStats, peer, bans, refusals,
                Map.of());
    }

    /** This status with the depth of each of the link's queues, by queue name. */
    public StationLinkStatus withQueues(Map<String, Long> depths) {
        return new StationLinkStatus(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions,
                linkStats, peer, bans, refusals, depths);
    }

    /** A link with no peer banned and nothing refused by its policy. */
    public StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
            Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer) {
        this(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions, linkStats, peer, List.of(), Map.of());
    }

    /** This status with {@code current} as the link's bans. */
    public StationLinkStatus withBans(List<PeerBan> current) {
        return new StationLinkStatus(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions,
                linkStats, peer, current, refusals, queues);
    }

    /** This status with the link policy's refusals so far, by reason label. */
    public StationLinkStatus withRefusals(Map<String, Long> byReason) {
        return new StationLinkStatus(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions,
                linkStats, peer, bans, byReason, queues);
    }
}
