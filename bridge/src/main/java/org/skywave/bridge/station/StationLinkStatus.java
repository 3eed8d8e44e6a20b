package org.skywave.bridge.station;

import java.time.Duration;
import java.util.List;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;

/**
 * What an operator sees of one link: state, queue depth and age, sends, retries, bytes on air,
 * the station at the far end as its HELLO named it ({@code peer} null until one arrived), and
 * the peers of the link banned now.
 */
public record StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
        Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer,
        List<PeerBan> bans) {

    public StationLinkStatus {
        bans = List.copyOf(bans);
    }

    /** A link with no peer banned. */
    public StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
            Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer) {
        this(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions, linkStats, peer, List.of());
    }

    /** This status with {@code current} as the link's bans. */
    public StationLinkStatus withBans(List<PeerBan> current) {
        return new StationLinkStatus(name, state, profile, queueDepth, oldestQueued, messagesSent, retransmissions,
                linkStats, peer, current);
    }
}
