package org.skywave.bridge.station;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.skywave.bridge.gate.PeerScores;

/**
 * A peer of one link banned now, for the operator: TCP peers are also disconnected and refused
 * until {@code until}, radio peers have their frames ignored.
 *
 * @param peer  the peer as its link names it ({@code 203.0.113.5:50312}, {@code N0CALL-1})
 * @param score the ban score that banned it
 * @param until when the ban ends
 */
public record PeerBan(String peer, int score, Instant until) {

    public PeerBan {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(until, "until");
    }

    /**
     * Groups the bans of a station's peer scores by link. The station names a peer
     * {@code LINK/ADDRESS} (link names have no {@code /}), so the same callsign on two links is
     * two peers.
     */
    static Map<String, List<PeerBan>> byLink(List<PeerScores.Ban> bans, Instant now) {
        Map<String, List<PeerBan>> byLink = new LinkedHashMap<>();
        for (PeerScores.Ban ban : bans) {
            int slash = ban.peer().indexOf('/');
            if (slash < 0) {
                continue;
            }
            byLink.computeIfAbsent(ban.peer().substring(0, slash), link -> new ArrayList<>())
                    .add(new PeerBan(ban.peer().substring(slash + 1), ban.score(), now.plus(ban.remaining())));
        }
        return byLink;
    }
}
