package org.skywave.bridge.station;

import java.time.Duration;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;

/**
 * What an operator sees of one link: state, queue depth and age, sends, retries, bytes on air,
 * and the station at the far end as its HELLO named it ({@code peer} null until one arrived).
 */
public record StationLinkStatus(String name, LinkState state, LinkProfile profile, long queueDepth,
        Duration oldestQueued, long messagesSent, long retransmissions, LinkStats linkStats, LinkPeer peer) {
}
