package org.skywave.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.skywave.bridge.admin.AdminClient;
import org.skywave.bridge.admin.AdminClientException;
import org.skywave.bridge.admin.HumanUnits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skywave status}: the running station's links and the stations at their far ends, as tables, from its admin API. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints the running station's store health, a table of its links (state, queue, sends, bytes on air),",
                "a table of the stations at their far ends, as their HELLO named them, its queues (retries, evictions,",
                "expiries), its nodes (state, best height, queued for them) and its recent events."})
final class StatusCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    private static final String[] HEADINGS = {"LINK", "STATE", "PROFILE", "QUEUED", "OLDEST", "SENT", "RETRIES", "ON AIR",
        "GOODPUT", "ERRORS", "BANS"};
    private static final boolean[] FIGURES = {false, false, false, true, true, true, true, true, true, true, true};
    private static final String[] PEER_HEADINGS = {"LINK", "PEER", "STATION", "PROTOCOL", "HEIGHT", "HEARD"};
    private static final boolean[] PEER_FIGURES = {false, false, false, true, true, false};
    private static final String[] QUEUE_HEADINGS = {"QUEUE", "DEPTH", "OLDEST", "RETRIES", "EVICTIONS", "EXPIRIES",
        "REJECTED", "QUARANTINED"};
    private static final boolean[] QUEUE_FIGURES = {false, true, true, true, true, true, true, true};
    private static final String[] NODE_HEADINGS = {"NODE", "NETWORK", "STATE", "HEIGHT", "QUEUED"};
    private static final boolean[] NODE_FIGURES = {false, false, false, true, true};
    /** The newest events printed; the page and {@code GET /status} have more. */
    static final int EVENTS_SHOWN = 10;
    private static final String[] FAR_QUEUE_HEADINGS = {"QUEUE", "QUEUED"};
    private static final boolean[] FAR_QUEUE_FIGURES = {false, true};

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The station's admin API (default: ${DEFAULT-VALUE}).")
    private URI admin;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long to wait for the station (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        JsonNode status;
        try {
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
            }
            status = new AdminClient(admin, Duration.ofSeconds(timeoutSeconds)).status();
        } catch (AdminClientException | IllegalArgumentException e) {
            err.println(e.getMessage());
            err.flush();
            return EXIT_FAILED;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(status));
        out.flush();
        return EXIT_OK;
    }

    /** The station line, the store line, the links table and the peers table, columns padded to their widest cell. */
    static String render(JsonNode status) {
        StringBuilder text = new StringBuilder();
        text.append("Station ").append(status.path("station").asText("?")).append('\n');
        JsonNode store = status.path("store");
        if (store.path("healthy").asBoolean(false)) {
            text.append("Store   healthy\n");
        } else {
            text.append("Store   ").append(store.path("status").asText("?")).append(" since ")
                    .append(store.path("since").asText("?")).append(": ").append(store.path("reason").asText("")).append('\n');
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (JsonNode link : status.path("links")) {
            long depth = link.path("queueDepth").asLong(-1);
            rows.add(new String[] {
                link.path("name").asText("?"),
                link.path("state").asText("?"),
                link.path("profile").asText("?"),
                depth < 0 ? "?" : Long.toString(depth),
                HumanUnits.age(Duration.ofMillis(Math.round(link.path("oldestQueuedSeconds").asDouble(0) * 1000))),
                Long.toString(link.path("messagesSent").asLong(0)),
                Long.toString(link.path("retransmissions").asLong(0)),
                HumanUnits.bytes(link.path("onAirBytes").asLong(0)),
                HumanUnits.goodput(link.path("payloadBytesSent").asLong(0), link.path("onAirBytes").asLong(0)),
                Long.toString(link.path("malformedFrames").asLong(0) + link.path("droppedFrames").asLong(0)),
                Integer.toString(link.path("bans").size()),
            });
        }
        if (rows.size() == 1) {
            text.append("No links.\n");
        } else {
            text.append('\n');
            table(text, rows, FIGURES);
            text.append('\n');
            table(text, peerRows(status.path("links")), PEER_FIGURES);
        }
        if (status.path("queues").isEmpty()) {
            // A station that lists no queues of its own still tells each far station's queue depth per link.
            List<String[]> farQueues = farStationRows(status.path("links"));
            if (farQueues.size() > 1) {
                text.append('\n');
                table(text, farQueues, FAR_QUEUE_FIGURES);
            }
        } else {
            appendQueues(text, status.path("queues"));
        }
        appendNodes(text, status.path("nodes"));
        appendEvents(text, status.path("events"));
        return text.toString();
    }

    private static void appendQueues(StringBuilder text, JsonNode queues) {
        if (queues.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(QUEUE_HEADINGS);
        for (JsonNode q : queues) {
            rows.add(new String[] {
                q.path("destination").asText("?"),
                Long.toString(q.path("depth").asLong(0)),
                HumanUnits.age(Duration.ofMillis(Math.round(q.path("oldestSeconds").asDouble(0) * 1000))),
                Long.toString(q.path("retries").asLong(0)),
                Long.toString(q.path("evictions").asLong(0)),
                Long.toString(q.path("expiries").asLong(0)),
                Long.toString(q.path("rejected").asLong(0)),
                Long.toString(q.path("quarantined").asLong(0)),
            });
        }
        text.append('\n');
        table(text, rows, QUEUE_FIGURES);
    }

    private static void appendNodes(StringBuilder text, JsonNode nodes) {
        if (nodes.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(NODE_HEADINGS);
        for (JsonNode node : nodes) {
            long height = node.path("bestHeight").asLong(-1);
            long queued = node.path("queued").asLong(-1);
            rows.add(new String[] {
                node.path("name").asText("?"),
                node.path("network").asText("?"),
                node.path("state").asText("?"),
                height < 0 ? "?" : Long.toString(height),
                queued < 0 ? "?" : Long.toString(queued),
            });
        }
        text.append('\n');
        table(text, rows, NODE_FIGURES);
    }

    /** The newest {@value #EVENTS_SHOWN} events, newest first, one line each. */
    private static void appendEvents(StringBuilder text, JsonNode events) {
        if (events.isEmpty()) {
            return;
        }
        text.append("\nRecent events (newest first):\n");
        for (int i = events.size() - 1; i >= Math.max(0, events.size() - EVENTS_SHOWN); i--) {
            JsonNode event = events.get(i);
            text.append("  ").append(event.path("at").asText("?")).append("  ").append(event.path("subject").asText("?"))
                    .append(": ").append(event.path("text").asText("")).append('\n');
        }
    }

    /** One row per far station a link names ({@code link/station}) with its queue's depth; only the heading when none does. */
    private static List<String[]> farStationRows(JsonNode links) {
        List<String[]> rows = new ArrayList<>();
        rows.add(FAR_QUEUE_HEADINGS);
        for (JsonNode link : links) {
            link.path("queues").fields().forEachRemaining(queue -> {
                if (queue.getKey().contains("/")) {
                    long depth = queue.getValue().asLong(-1);
                    rows.add(new String[] {queue.getKey(), depth < 0 ? "?" : Long.toString(depth)});
                }
            });
        }
        return rows;
    }

    /** One row per link: the station its latest HELLO named, or dashes and "never" before one came. */
    private static List<String[]> peerRows(JsonNode links) {
        List<String[]> rows = new ArrayList<>();
        rows.add(PEER_HEADINGS);
        for (JsonNode link : links) {
            JsonNode peer = link.path("peer");
            String name = link.path("name").asText("?");
            if (!peer.isObject()) {
                rows.add(new String[] {name, "-", "-", "-", "-", "never"});
                continue;
            }
            String callsign = peer.path("callsign").asText("");
            rows.add(new String[] {
                name,
                callsign.isEmpty() ? "-" : callsign,
                peer.path("fingerprint").asText("?"),
                Integer.toString(peer.path("protocolVersion").asInt(0)),
                Long.toString(peer.path("bestHeight").asLong(0)),
                peer.path("heardAt").asText("?"),
            });
        }
        return rows;
    }

    /** Appends {@code rows} with columns padded to their widest cell, figures ({@code figures[i]}) right-aligned. */
    private static void table(StringBuilder text, List<String[]> rows, boolean[] figures) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(pad(row[i], widths[i], figures[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static String pad(String cell, int width, boolean right) {
        String spaces = " ".repeat(width - cell.length());
        return right ? spaces + cell : cell + spaces;
    }
}
