package org.skywave.bridge.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.skywave.bridge.station.LinkPeer;
import org.skywave.bridge.station.PeerBan;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;

/** The JSON bodies of the admin API, as records Jackson writes in component order. */
final class AdminViews {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private AdminViews() {
    }

    static byte[] json(Object view) {
        try {
            return MAPPER.writeValueAsBytes(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + view.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code GET /status}. */
    record StatusView(String station, StoreView store, List<LinkView> links, List<QueueView> queues,
            List<NodeStatus> nodes, List<EventView> events) {

        static StatusView of(String station, StoreHealth health, StationOverview overview) {
            return new StatusView(station, StoreView.of(health), overview.links().stream().map(LinkView::of).toList(),
                    overview.queues().stream().map(QueueView::of).toList(), overview.nodes(),
                    overview.events().stream().map(EventView::of).toList());
        }
    }

    /**
     * One queue ({@code destination} is a link's name, or {@code node:NAME}); the counters count
     * since the store was opened: {@code retries} sends that were not acknowledged in time,
     * {@code evictions} messages dropped for room, {@code expiries} dropped when their time-to-live
     * ran out, {@code rejected} offers refused by a full store, {@code quarantined} unusable rows.
     */
    record QueueView(String destination, long depth, long bytes, double oldestSeconds, long retries, long evictions,
            long expiries, long rejected, long quarantined) {

        static QueueView of(QueueStats q) {
            return new QueueView(q.destination(), q.depth(), q.bytes(), q.oldestAge().toMillis() / 1000.0, q.retries(),
                    q.evictions(), q.expiries(), q.rejected(), q.quarantined());
        }
    }

    /** One recent event: when (ISO-8601, UTC, milliseconds), what about ({@code link X}, {@code node Y}, {@code store}), what. */
    record EventView(String at, String subject, String text) {

        static EventView of(RecentEvents.Event event) {
            return new EventView(time(event.at()), event.subject(), event.text());
        }
    }

    record StoreView(boolean healthy, String status, String reason, String since) {

        static StoreView of(StoreHealth health) {
            return new StoreView(health.healthy(), health.status().name(), health.reason(), health.since().toString());
        }
    }

    /**
     * One link; {@code queueDepth} is -1 when the store could not be read; {@code peer} is the
     * station its latest HELLO named, null until one was heard; {@code bans} are its peers banned now;
     * {@code refusals} counts what its policy refused, by reason; {@code queues} is the depth of
     * each of its queues ({@code link/station} per far station it names, else the link's name).
     */
    record LinkView(String name, String state, String profile, int mtu, double bitrate, long queueDepth,
            double oldestQueuedSeconds, long messagesSent, long retransmissions, long onAirBytes, long framesSent,
            long framesReceived, long payloadBytesSent, long payloadBytesReceived, long malformedFrames,
            long droppedFrames, PeerView peer, List<BanView> bans, Map<String, Long> refusals,
            Map<String, Long> queues) {

        static LinkView of(StationLinkStatus s) {
            var stats = s.linkStats();
            return new LinkView(s.name(), s.state().name(), s.profile().name(), s.profile().mtu(), s.profile().bitrate(),
                    s.queueDepth(), s.oldestQueued().toMillis() / 1000.0, s.messagesSent(), s.retransmissions(),
                    stats.onAirBytes(), stats.framesSent(), stats.framesReceived(), stats.payloadBytesSent(),
                    stats.payloadBytesReceived(), stats.malformedFrames(), stats.droppedFrames(),
                    s.peer() == null ? null : PeerView.of(s.peer()),
                    s.bans().stream().map(BanView::of).toList(), new TreeMap<>(s.refusals()),
                    new TreeMap<>(s.queues()));
        }
    }

    /** A banned peer of a link: its address or callsign, the score that banned it, the end of the ban (ISO-8601, UTC). */
    record BanView(String peer, int score, String until) {

        static BanView of(PeerBan ban) {
            return new BanView(ban.peer(), ban.score(), ban.until().toString());
        }
    }

    /**
     * The far station of a link as its HELLO introduced it: {@code fingerprint} of its station id
     * ({@code none} without one), {@code callsign} (empty if it gave none), the protocol version
     * both speak, its best height (0 if it knows none), and when this station heard it (ISO-8601, UTC).
     */
    record PeerView(String fingerprint, String callsign, int protocolVersion, long bestHeight, String heardAt) {

        static PeerView of(LinkPeer peer) {
            return new PeerView(peer.fingerprint(), peer.callsign(), peer.protocolVersion(), peer.bestHeight(),
                    peer.heardAt().toString());
        }
    }

    /**
     * {@code POST /tx}, 202: durable in the queues of {@code links}. {@code id} is what the station
     * tracks it by (and {@code GET /tx/<id>} takes): the txid, or for a segwit transaction its wtxid;
     * {@code txid} is the one block explorers show. {@code refused} names each link that did not
     * queue it, with the reason; when none queued it, {@code error} sums them up.
     */
    record SubmittedView(String id, String txid, String status, String network, List<String> links,
            Map<String, String> refused, String error) {
    }

    /** {@code GET /tx/ID}: {@code status} is {@code queued} while any link's queue holds it, else {@code done}. */
    record ProgressView(String id, String status, List<LinkProgressView> links) {

        static ProgressView of(TxProgress progress) {
            return new ProgressView(TxIds.display(progress.id()), progress.inProgress() ? "queued" : "done",
                    progress.links().stream().map(LinkProgressView::of).toList());
        }
    }

    /**
     * One link's standing: {@code state} is one of {@code queued}, {@code sending}, {@code sent},
     * {@code acknowledged}, {@code repeats-sent}, {@code expired}, {@code evicted}, {@code quarantined},
     * {@code left-queue}, {@code not-queued}; times are ISO-8601 UTC with milliseconds, or null.
     */
    record LinkProgressView(String link, String state, String detail, int attempts, String lastSentAt,
            String nextAttemptAt, String leftAt) {

        static LinkProgressView of(TxProgress.LinkProgress l) {
            return new LinkProgressView(l.link(), l.state().jsonName(), l.detail(), l.attempts(), time(l.lastSentAt()),
                    time(l.nextAttemptAt()), time(l.leftAt()));
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Every 4xx and 5xx answer. */
    record ErrorView(String error) {
    }
}
