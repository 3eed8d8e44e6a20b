package org.skywave.bridge.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.skywave.bridge.admin.AdminToken;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.KeyFileException;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.node.bitcoin.BitcoinNodeConfig;
import org.skywave.bridge.node.jsonl.JsonLinesNodeConfig;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.tinylog.Level;

/**
 * Turns the parsed TOML tree into a {@link SkywaveConfig}, section by section, reporting every
 * problem to a {@link ProblemList}. Returns null if any problem was found.
 */
final class ConfigValidator {

    private static final Pattern STATION_NAME = Pattern.compile("[A-Za-z0-9-]{1,32}");
    static final Pattern ENTRY_NAME = Pattern.compile("[a-z0-9-]{1,32}");
    /** Ten years: longer than any message is worth keeping, short enough to catch a slip of the keyboard. */
    private static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;
    /** Largest [store] wal_max_bytes: 1 GiB, far past any use, still a bound. */
    private static final long MAX_WAL_BYTES = 1L << 30;
    private static final Map<String, Level> LOG_LEVELS = new LinkedHashMap<>();

    static {
        for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR}) {
            LOG_LEVELS.put(level.name().toLowerCase(java.util.Locale.ROOT), level);
        }
    }

    private final ProblemList problems;
    private final LinkReader linkReader;

    ConfigValidator(ProblemList problems, LinkReader linkReader) {
        this.problems = problems;
        this.linkReader = linkReader;
    }

    SkywaveConfig validate(ObjectNode document) {
        TableReader root = new TableReader(KeyPath.ROOT, document, problems);
        TableReader stationTable = root.tableOrEmpty("station");
        StationConfig station = station(stationTable);
        StoreConfig store = store(root.tableOrEmpty("store"), station.dataDir());
        List<TableReader> linkTables = root.tableArray("link");
        if (linkTables.isEmpty() && !root.has("link")) {
            problems.add(KeyPath.ROOT.child("link"), "at least one [[link]] is required: a station with no link has nothing to do");
        }
        // A station callsign that was refused has its own problem; links relying on it should not add one each.
        boolean stationCallsignGiven = stationTable.has("callsign");
        // A refused key_file has its own problem; signature links relying on it should not add one each.
        LinkReader.Signing signing = new LinkReader.Signing(stationTable.has("key_file"), !station.trustedPeers().isEmpty()
                || stationTable.has("trusted_peers"));
        List<LinkConfig> links = linkReader.read(linkTables, station.callsign(), stationCallsignGiven, station.dataDir(), signing);
        AdminConfig admin = admin(root.tableOrEmpty("admin"));
        List<NodeConfig> nodes = nodes(root.tableArray("node"));
        GateConfig gate = gate(root.tableOrEmpty("gate"));
        root.finish();
        if (!problems.isEmpty()) {
            return null;
        }
        return new SkywaveConfig(station, store, links, admin, nodes, gate);
    }

    private StationConfig station(TableReader t) {
        String name = t.string("name", StationConfig.DEFAULT_NAME);
        if (!STATION_NAME.matcher(name).matches()) {
            t.problem("name", "must be 1-32 letters, digits or '-' (got \"" + TableReader.preview(name) + "\")");
        }
        String callsign = t.string("callsign", null);
        if (callsign != null) {
            String problem = Callsigns.problem(callsign);
            if (problem != null) {
                t.problem("callsign", problem);
                callsign = null;
            } else {
                callsign = Callsigns.normalize(callsign);
            }
        }
        Level level = t.choice("log_level", LOG_LEVELS, StationConfig.DEFAULT_LOG_LEVEL);
        Path dataDir = path(t, "data_dir", StationConfig.DEFAULT_DATA_DIR.toString());
        dataDir = dataDir == null ? StationConfig.DEFAULT_DATA_DIR : dataDir;
        Path keyFile = t.has("key_file") ? path(t, "key_file", null) : null;
        if (keyFile != null) {
            keyFile = dataDir.resolve(keyFile);
            try {
                KeyFile.read(keyFile);
            } catch (KeyFileException e) {
                t.problem("key_file", e.getMessage());
            }
        }
        List<StationId> trusted = trustedPeers(t);
        t.finish();
        return new StationConfig(name, callsign, level, dataDir, keyFile, trusted);
    }

    /** The station ids of {@code trusted_peers}, each bad entry reported with its index. */
    private List<StationId> trustedPeers(TableReader t) {
        List<String> hex = t.stringList("trusted_peers", List.of());
        List<StationId> ids = new ArrayList<>();
        for (int i = 0; i < hex.size(); i++) {
            try {
                StationId id = StationId.fromHex(hex.get(i));
                if (ids.contains(id)) {
                    problems.add(t.path("trusted_peers").element(i), "station " + id.fingerprint() + " is listed twice");
                } else {
                    ids.add(id);
                }
            } catch (IllegalArgumentException e) {
                problems.add(t.path("trusted_peers").element(i), e.getMessage());
            }
        }
        return ids;
    }

    private StoreConfig store(TableReader t, Path dataDir) {
        Path file = path(t, "file", StoreConfig.DEFAULT_FILE);
        StoreOptions.Synchronous synchronous = t.choice("synchronous", TableReader.choicesOf(StoreOptions.Synchronous.class),
                StoreOptions.Synchronous.FULL);
        long maxMessages = t.integer("max_messages", StoreConfig.DEFAULT_MAX_MESSAGES, 1, Long.MAX_VALUE);
        long maxBytes = t.integer("max_bytes", StoreConfig.DEFAULT_MAX_BYTES, 1, Long.MAX_VALUE);
        long ttlSeconds = t.integer("ttl_seconds", StoreConfig.DEFAULT_TTL.toSeconds(), 1, MAX_TTL_SECONDS);
        long walMaxBytes = t.integer("wal_max_bytes", StoreOptions.DEFAULT_WAL_MAX_BYTES, StoreOptions.MIN_WAL_MAX_BYTES,
                MAX_WAL_BYTES);
        t.finish();
        Path resolved = dataDir.resolve(file == null ? Path.of(StoreConfig.DEFAULT_FILE) : file);
        return new StoreConfig(resolved, synchronous, maxMessages, maxBytes, Duration.ofSeconds(ttlSeconds), walMaxBytes);
    }

    private AdminConfig admin(TableReader t) {
        String listen = t.string("listen", AdminConfig.DEFAULT_LISTEN);
        Path tokenFile = t.has("token_file") ? path(t, "token_file", null) : null;
        t.finish();
        URI parsed;
        try {
            // Borrow URI's authority parsing, which knows IPv6 literals ("[::1]:8080").
            parsed = new URI("http://" + listen);
        } catch (URISyntaxException e) {
            parsed = null;
        }
        if (parsed == null || parsed.getHost() == null || parsed.getPort() < 1 || parsed.getPort() > 65535
                || parsed.getRawPath() != null && !parsed.getRawPath().isEmpty() || parsed.getRawQuery() != null) {
            t.problem("listen", "expected host:port with a port in 1..65535, as in 127.0.0.1:8080 or [::1]:8080"
                    + " (got \"" + TableReader.preview(listen) + "\")");
            return AdminConfig.defaults();
        }
        String host = parsed.getHost().startsWith("[") ? parsed.getHost().substring(1, parsed.getHost().length() - 1) : parsed.getHost();
        if (!isLoopback(host) && tokenFile == null) {
            t.problem("listen", "listening on " + host + " (beyond this machine) needs token_file, so that no one"
                    + " else can change the station");
        }
        if (tokenFile != null) {
            try {
                // Read now, as run reads it, so a config check passes only if the API will start.
                AdminToken.load(tokenFile);
            } catch (IOException e) {
                t.problem("token_file", e.getMessage());
            }
        }
        return new AdminConfig(host, parsed.getPort(), tokenFile);
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1");
    }

    private List<NodeConfig> nodes(List<TableReader> tables) {
        List<NodeConfig> nodes = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (TableReader t : tables) {
            String name = t.requiredString("name");
            String uri = t.requiredString("uri");
            t.finish();
            if (name != null) {
                checkEntryName(t, name, "node", firstLine);
            }
            if (uri != null) {
                NodeConfig node = node(t, name, uri);
                if (node != null) {
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    private NodeConfig node(TableReader t, String name, String text) {
        LinkUri uri;
        try {
            uri = LinkUri.parse(text);
        } catch (LinkUriException e) {
            t.problem("uri", e.getMessage());
            return null;
        }
        NodeConfig.Kind kind = TableReader.choicesOf(NodeConfig.Kind.class).get(uri.scheme());
        if (kind == null) {
            t.problem("uri", "node URI '" + text + "': unknown scheme '" + uri.scheme() + "' (known: bitcoin, jsonl)");
            return null;
        }
        try {
            String host = uri.requireHost();
            NodeConfig.Network network = null;
            int port;
            if (kind == NodeConfig.Kind.BITCOIN) {
                BitcoinNodeConfig.fromUri(uri); // the adapter's own checks: parameters, magic, port
                String networkName = uri.params().get("network");
                Map<String, NodeConfig.Network> networks = TableReader.choicesOf(NodeConfig.Network.class);
                network = networkName == null ? null : networks.get(networkName);
                if (network == null) {
                    throw new LinkUriException("node URI '" + text + "': parameter 'network' must be one of "
                            + String.join(", ", networks.keySet()) + " (got " + (networkName == null ? "none" : "'" + networkName + "'") + ")");
                }
                port = uri.port() < 0 ? network.defaultPort() : uri.requirePort();
            } else {
                port = JsonLinesNodeConfig.fromUri(uri).port();
            }
            return name == null ? null : new NodeConfig(name, kind, host, port, network, text, t.line());
        } catch (LinkUriException e) {
            t.problem("uri", e.getMessage());
            return null;
        }
    }

    private GateConfig gate(TableReader t) {
        int perMinute = t.intValue("rf_max_per_minute", GateConfig.DEFAULT_RF_MAX_PER_MINUTE, 0, Integer.MAX_VALUE);
        int perFive = t.intValue("rf_max_per_5_minutes", GateConfig.DEFAULT_RF_MAX_PER_5_MINUTES, 0, Integer.MAX_VALUE);
        if (perFive < perMinute) {
            t.problem("rf_max_per_5_minutes", "must be at least rf_max_per_minute (" + perMinute + "), got " + perFive);
            perFive = perMinute;
        }
        List<String> kinds = t.stringList("rf_allowed_kinds", GateConfig.DEFAULT_RF_ALLOWED_KINDS);
        Set<String> seen = new HashSet<>();
        List<String> checkedKinds = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            String kind = kinds.get(i);
            KeyPath at = t.path("rf_allowed_kinds").element(i);
            if (!GateConfig.KINDS.contains(kind)) {
                problems.add(at, "unknown message kind \"" + TableReader.preview(kind) + "\" (known: "
                        + String.join(", ", new TreeSet<>(GateConfig.KINDS)) + ")");
            } else if (!seen.add(kind)) {
                problems.add(at, "\"" + kind + "\" is listed twice");
            } else {
                checkedKinds.add(kind);
            }
        }
        int maxBytes = t.intValue("rf_max_message_bytes", GateConfig.DEFAULT_RF_MAX_MESSAGE_BYTES, 1, GateConfig.MAX_RF_MESSAGE_BYTES);
        int hopLimit = t.intValue("hop_limit", GateConfig.DEFAULT_HOP_LIMIT, 0, GateConfig.MAX_HOP_LIMIT);
        int banScore = t.intValue("ban_score", GateConfig.DEFAULT_BAN_SCORE, 1, GateConfig.MAX_BAN_SCORE);
        int banMinutes = t.intValue("ban_minutes", GateConfig.DEFAULT_BAN_MINUTES, 1, GateConfig.MAX_BAN_MINUTES);
        t.finish();
        return new GateConfig(perMinute, perFive, checkedKinds, maxBytes, hopLimit, banScore, banMinutes);
    }

    /** Checks an entry name's form and that no earlier entry of the same section took it. */
    static void checkEntryName(TableReader t, String name, String section, Map<String, Integer> firstLine) {
        if (!ENTRY_NAME.matcher(name).matches()) {
            t.problem("name", "must be 1-32 lower-case letters, digits or '-' (got \"" + TableReader.preview(name) + "\")");
            return;
        }
        Integer first = firstLine.putIfAbsent(name, t.line("name"));
        if (first != null) {
            t.problem("name", "duplicate " + section + " name '" + name + "' (first declared at line " + first + ")");
        }
    }

    static Path path(TableReader t, String key, String defaultValue) {
        String text = t.string(key, defaultValue);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            t.problem(key, "must not be empty");
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            t.problem(key, "not a usable path: " + e.getMessage());
            return null;
        }
    }
}
