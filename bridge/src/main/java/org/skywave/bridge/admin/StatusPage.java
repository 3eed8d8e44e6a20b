package org.skywave.bridge.admin;

import java.time.temporal.ChronoUnit;
import java.util.List;
import org.skywave.bridge.station.LinkPeer;
import org.skywave.bridge.station.PeerBan;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;
import org.skywave.transport.LinkState;

/**
 * {@code GET /}: one self-contained HTML page (inline style, no scripts, no external assets, not
 * even a favicon request, so it works on a station with no internet and leaves the browser's
 * console clean) that reloads itself every {@value #REFRESH_SECONDS} seconds.
 */
final class StatusPage {

    static final String CONTENT_TYPE = "text/html; charset=utf-8";

    static final int REFRESH_SECONDS = 5;

    private StatusPage() {
    }

    static String render(String station, StoreHealth health, StationOverview overview) {
        List<StationLinkStatus> links = overview.links();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"icon\" href=\"data:,\">")
                .append("<title>Skywave ").append(escape(station)).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:.3em .8em;border-bottom:1px solid #ccc;text-align:right}")
                .append("td:first-child,th:first-child,td.t,th.t{text-align:left}.ok{color:#070}.bad{color:#b00;font-weight:bold}")
                .append("</style></head><body>\n");
        html.append("<h1>Skywave station ").append(escape(station)).append("</h1>\n");
        html.append("<p>Store: ");
        if (health.healthy()) {
            html.append("<span class=\"ok\">healthy</span>");
        } else {
            html.append("<span class=\"bad\">").append(escape(health.status().name())).append("</span> since ")
                    .append(escape(health.since().toString())).append(": ").append(escape(health.reason()));
        }
        html.append("</p>\n<table id=\"links\"><thead><tr><th>Link</th><th>State</th><th>Profile</th><th>Queued</th>")
                .append("<th>Oldest</th><th>Sent</th><th>Retransmitted</th><th>On air</th><th>Goodput</th><th>Errors</th>")
                .append("<th>Peer (HELLO)</th><th>Bans</th></tr></thead><tbody>\n");
        for (StationLinkStatus link : links) {
            html.append("<tr data-link=\"").append(escape(link.name())).append("\"><td>").append(escape(link.name()))
                    .append("</td><td class=\"t state ")
                    .append(link.state() == LinkState.UP ? "ok" : "bad").append("\">")
                    .append(link.state()).append("</td><td class=\"t\">").append(escape(link.profile().name()))
                    .append("</td><td>").append(link.queueDepth() < 0 ? "?" : Long.toString(link.queueDepth()))
                    .append("</td><td>").append(HumanUnits.age(link.oldestQueued()))
                    .append("</td><td>").append(link.messagesSent())
                    .append("</td><td>").append(link.retransmissions())
                    .append("</td><td>").append(HumanUnits.bytes(link.linkStats().onAirBytes()))
                    .append("</td><td>").append(HumanUnits.goodput(link.linkStats().payloadBytesSent(), link.linkStats().onAirBytes()))
                    .append("</td><td>").append(link.linkStats().malformedFrames() + link.linkStats().droppedFrames())
                    .append("</td><td class=\"t\">").append(escape(peer(link.peer())))
                    .append("</td><td class=\"t\">").append(escape(bans(link.bans())))
                    .append("</td></tr>\n");
        }
        if (links.isEmpty()) {
            html.append("<tr><td colspan=\"12\">no links</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        queues(html, overview.queues());
        nodes(html, overview.nodes());
        events(html, overview.events());
        html.append("<p>Machine-readable: <a href=\"/status\">/status</a> (JSON), ")
                .append("<a href=\"/metrics\">/metrics</a> (Prometheus).</p>\n</body></html>\n");
        return html.toString();
    }

    /** Every queue with what left it other than by delivery since the store opened. */
    private static void queues(StringBuilder html, List<QueueStats> queues) {
        html.append("<h2>Queues</h2>\n<table id=\"queues\"><thead><tr><th>Destination</th><th>Depth</th><th>Bytes</th>")
                .append("<th>Oldest</th><th>Retries</th><th>Evictions</th><th>Expiries</th><th>Rejected</th>")
                .append("<th>Quarantined</th></tr></thead><tbody>\n");
        for (QueueStats q : queues) {
            html.append("<tr data-queue=\"").append(escape(q.destination())).append("\"><td>").append(escape(q.destination()))
                    .append("</td><td>").append(q.depth())
                    .append("</td><td>").append(HumanUnits.bytes(q.bytes()))
                    .append("</td><td>").append(HumanUnits.age(q.oldestAge()))
                    .append("</td><td>").append(q.retries())
                    .append("</td><td>").append(q.evictions())
                    .append("</td><td>").append(q.expiries())
                    .append("</td><td>").append(q.rejected())
                    .append("</td><td>").append(q.quarantined())
                    .append("</td></tr>\n");
        }
        if (queues.isEmpty()) {
            html.append("<tr><td colspan=\"9\">no queues</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static void nodes(StringBuilder html, List<NodeStatus> nodes) {
        html.append("<h2>Nodes</h2>\n<table id=\"nodes\"><thead><tr><th>Node</th><th class=\"t\">Network</th><th class=\"t\">State</th>")
                .append("<th>Best height</th><th>Queued for it</th></tr></thead><tbody>\n");
        for (NodeStatus node : nodes) {
            html.append("<tr data-node=\"").append(escape(node.name())).append("\"><td>").append(escape(node.name()))
                    .append("</td><td class=\"t\">").append(escape(node.network()))
                    .append("</td><td class=\"t state ").append("UP".equals(node.state()) ? "ok" : "bad").append("\">")
                    .append(escape(node.state()))
                    .append("</td><td>").append(node.bestHeight() < 0 ? "?" : Long.toString(node.bestHeight()))
                    .append("</td><td>").append(node.queued() < 0 ? "?" : Long.toString(node.queued()))
                    .append("</td></tr>\n");
        }
        if (nodes.isEmpty()) {
            html.append("<tr><td colspan=\"5\">no nodes attached</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    /** Newest first: what the operator wants to see at a glance. */
    private static void events(StringBuilder html, List<RecentEvents.Event> events) {
        html.append("<h2>Recent events</h2>\n<table id=\"events\"><thead><tr><th>Time (UTC)</th><th class=\"t\">About</th>")
                .append("<th class=\"t\">What</th></tr></thead><tbody>\n");
        for (int i = events.size() - 1; i >= 0; i--) {
            RecentEvents.Event event = events.get(i);
            html.append("<tr><td>").append(escape(event.at().truncatedTo(ChronoUnit.SECONDS).toString()))
                    .append("</td><td class=\"t\">").append(escape(event.subject()))
                    .append("</td><td class=\"t\">").append(escape(event.text()))
                    .append("</td></tr>\n");
        }
        if (events.isEmpty()) {
            html.append("<tr><td colspan=\"3\">none since the station started</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    /** {@code N0CALL-3 until 2025-06-01T13:00:00Z, ...}, or a dash when no peer is banned. */
    private static String bans(List<PeerBan> bans) {
        if (bans.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (PeerBan ban : bans) {
            out.append(out.length() == 0 ? "" : ", ").append(ban.peer()).append(" until ").append(ban.until());
        }
        return out.toString();
    }

    /** {@code N0CALL-2 (1a2b:3c4d:5e6f:7a8b), height 840000, heard 2025-06-01T12:00:00Z}, or a dash before any HELLO. */
    private static String peer(LinkPeer peer) {
        if (peer == null) {
            return "-";
        }
        return (peer.callsign().isEmpty() ? "no callsign" : peer.callsign()) + " (" + peer.fingerprint() + "), height "
                + peer.bestHeight() + ", heard " + peer.heardAt();
    }

    /** Escapes the five characters that matter in HTML text and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
