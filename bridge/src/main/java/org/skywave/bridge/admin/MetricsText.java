package org.skywave.bridge.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.StoreHealth;
import org.skywave.transport.LinkState;

/**
 * {@code GET /metrics} in the Prometheus text exposition format, version 0.0.4
 * (prometheus.io/docs/instrumenting/exposition_formats): one HELP and TYPE line per family,
 * then its samples; counters end in {@code _total}.
 */
final class MetricsText {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private MetricsText() {
    }

    static String render(String station, StoreHealth health, long stationFaults, List<StationLinkStatus> links) {
        StringBuilder out = new StringBuilder(2048);
        family(out, "skywave_station_info", "gauge", "Always 1; the station's name is a label.");
        out.append("skywave_station_info{station=\"").append(escape(station)).append("\"} 1\n");
        family(out, "skywave_store_healthy", "gauge", "1 while the store takes writes, 0 when writes fail or are stopped.");
        out.append("skywave_store_healthy ").append(health.healthy() ? 1 : 0).append('\n');
        family(out, "skywave_station_faults_total", "counter",
                "Unexpected exceptions the station thread caught, logged and carried on after (each one a bug to report).");
        out.append("skywave_station_faults_total ").append(stationFaults).append('\n');

        perLink(out, links, "skywave_link_up", "gauge", "1 while the link is up.",
                s -> s.state() == LinkState.UP ? 1 : 0);
        perLink(out, links, "skywave_link_queue_depth", "gauge", "Messages waiting in the link's queue (NaN if the store cannot be read).",
                s -> s.queueDepth() < 0 ? Double.NaN : s.queueDepth());
        perLink(out, links, "skywave_link_oldest_queued_seconds", "gauge", "Age of the oldest message in the link's queue.",
                s -> s.oldestQueued().toMillis() / 1000.0);
        perLink(out, links, "skywave_link_messages_sent_total", "counter", "Messages sent on the link, retransmissions included.",
                StationLinkStatus::messagesSent);
        perLink(out, links, "skywave_link_retransmissions_total", "counter", "Messages sent again for want of an acknowledgement.",
                StationLinkStatus::retransmissions);
        perLink(out, links, "skywave_link_onair_bytes_total", "counter", "Bytes put on the medium, per-frame overhead included.",
                s -> s.linkStats().onAirBytes());
        perLink(out, links, "skywave_link_frames_sent_total", "counter", "Frames sent on the link.",
                s -> s.linkStats().framesSent());
        perLink(out, links, "skywave_link_frames_received_total", "counter", "Frames received on the link.",
                s -> s.linkStats().framesReceived());
        perLink(out, links, "skywave_link_payload_bytes_sent_total", "counter", "Frame payload bytes sent.",
                s -> s.linkStats().payloadBytesSent());
        perLink(out, links, "skywave_link_payload_bytes_received_total", "counter", "Frame payload bytes received.",
                s -> s.linkStats().payloadBytesReceived());
        perLink(out, links, "skywave_link_malformed_frames_total", "counter", "Frames received that could not be decoded.",
                s -> s.linkStats().malformedFrames());
        perLink(out, links, "skywave_link_dropped_frames_total", "counter", "Frames lost or dropped on the link.",
                s -> s.linkStats().droppedFrames());
        family(out, "skywave_link_refusals_total", "counter", "Messages the link's policy refused, by reason.");
        for (StationLinkStatus link : links) {
            link.refusals().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(r ->
                    out.append("skywave_link_refusals_total{link=\"").append(escape(link.name())).append("\",reason=\"")
                            .append(escape(r.getKey())).append("\"} ").append(r.getValue()).append('\n'));
        }
        return out.toString();
    }

    private static void perLink(StringBuilder out, List<StationLinkStatus> links, String name, String type, String help,
            ToDoubleFunction<StationLinkStatus> value) {
        family(out, name, type, help);
        for (StationLinkStatus link : links) {
            out.append(name).append("{link=\"").append(escape(link.name())).append("\"} ")
                    .append(number(value.applyAsDouble(link))).append('\n');
        }
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Label values escape backslash, double quote and line feed (the format's only escapes). */
    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
