package org.skywave.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;

/**
 * Reads the {@code [[link]]} entries: merges {@code [link.params]} into each URI, applies the
 * radio rules (licensed callsign, no encryption) and lets the link's transport check the result.
 */
final class LinkReader {

    static final String CALLSIGN_PARAM = "callsign";
    private static final int MAX_REPEATS = 10;
    /** Each far station is a queue and a call to make; an HF net of this many is already a busy one. */
    static final int MAX_PEERS = 16;
    /** A callsign with SSID, a station id in hex (64) or a host:port fits. */
    static final int MAX_PEER_CHARS = 100;
    /** A million a minute: far above what any link carries, low enough to catch a typo of extra digits. */
    private static final int MAX_MESSAGES_PER_MINUTE = 1_000_000;
    /** Re-sends of one message within the replay window: more than a few hundred is no limit at all. */
    private static final int MAX_REPLAYS = 1_000;
    private static final Pattern PARAM_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** How {@link LinkUri} and the transports name a parameter in their messages. */
    private static final Pattern PARAM_IN_MESSAGE = Pattern.compile("parameter '([^']+)'");

    private final TransportRegistry registry;

    LinkReader(TransportRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param stationCallsign      the station's valid callsign, or null
     * @param stationCallsignGiven whether the file gave one at all (a refused one is reported once, at the station)
     */
    List<LinkConfig> read(List<TableReader> tables, String stationCallsign, boolean stationCallsignGiven, Path dataDir,
            Signing signing) {
        List<LinkConfig> links = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (TableReader t : tables) {
            LinkConfig link = link(t, stationCallsign, stationCallsignGiven, firstLine, dataDir, signing);
            if (link != null) {
                links.add(link);
            }
        }
        return links;
    }

    /**
     * What {@code [station]} gives signature links.
     *
     * @param keyGiven     whether {@code key_file} was given (a refused one has its own problem)
     * @param trustGiven   whether {@code trusted_peers} was given
     */
    record Signing(boolean keyGiven, boolean trustGiven) {
    }

    private LinkConfig link(TableReader t, String stationCallsign, boolean stationCallsignGiven, Map<String, Integer> firstLine,
            Path dataDir, Signing signing) {
        String name = t.requiredString("name");
        String uriText = t.requiredString("uri");
        String linkCallsign = t.string("callsign", null);
        int repeats = t.intValue("repeats", LinkConfig.ACKNOWLEDGED, 1, MAX_REPEATS);
        boolean encrypt = t.bool("encrypt", false);
        LinkAuth auth = t.choice("auth", TableReader.choicesOf(LinkAuth.class), LinkAuth.NONE);
        Path macSecretFile = t.has("mac_secret_file") ? ConfigValidator.path(t, "mac_secret_file", null) : null;
        int macBytes = t.intValue("mac_bytes", HmacFrameAuthenticator.DEFAULT_TAG_BYTES,
                HmacFrameAuthenticator.MIN_TAG_BYTES, HmacFrameAuthenticator.MAX_TAG_BYTES);
        int maxMessagesPerMinute = t.intValue("peer_max_messages_per_minute", LinkConfig.FROM_PROFILE, 1, MAX_MESSAGES_PER_MINUTE);
        int maxReplays = t.intValue("peer_max_replays", LinkConfig.DEFAULT_MAX_REPLAYS, 0, MAX_REPLAYS);
        boolean authOk = auth(t, auth, macSecretFile, dataDir, signing);
        if (macSecretFile != null) {
            macSecretFile = dataDir.resolve(macSecretFile);
        }
        List<String> peers = peers(t);
        LinkPolicyConfig policy = policy(t);
        TableReader paramsTable = t.table("params");
        Map<String, String> params = paramsTable == null ? Map.of() : params(paramsTable);
        t.finish();
        if (name != null) {
            ConfigValidator.checkEntryName(t, name, "link", firstLine);
        }
        if (linkCallsign != null) {
            String problem = Callsigns.problem(linkCallsign);
            if (problem != null) {
                t.problem("callsign", problem);
                linkCallsign = null;
            } else {
                linkCallsign = Callsigns.normalize(linkCallsign);
            }
        }
        if (uriText == null) {
            return null;
        }

        LinkUri parsed;
        Transport transport;
        try {
            parsed = LinkUri.parse(uriText);
            transport = registry.forUri(parsed);
        } catch (LinkUriException e) {
            t.problem("uri", e.getMessage());
            return null;
        }
        boolean ok = true;
        for (String param : params.keySet()) {
            if (parsed.params().containsKey(param)) {
                problemAt(t, paramsTable, param, "parameter '" + param + "' is given both here and in the uri (line "
                        + t.line("uri") + "); keep one");
                ok = false;
            }
        }
        Map<String, String> added = new LinkedHashMap<>(params);
        boolean radio = transport.isRadio();
        if (radio) {
            ok &= callsign(t, paramsTable, parsed, params, linkCallsign, stationCallsign, stationCallsignGiven, added);
            if (encrypt) {
                t.problem("encrypt", "no encryption on amateur radio links (signatures and MACs only); use auth = \"signature\" or \"mac\"");
                ok = false;
            }
        } else {
            if (t.has("callsign")) {
                t.problem("callsign", "a callsign applies to radio links only; '" + parsed.scheme() + "' links are not radio links");
                ok = false;
            }
            if (encrypt) {
                t.problem("encrypt", "encryption (TLS) on internet links is not supported yet; remove encrypt or set it to false");
                ok = false;
            }
        }
        if (!ok || !authOk) {
            return null;
        }
        LinkUri uri;
        try {
            uri = registry.validate(withParams(uriText, added));
        } catch (LinkUriException e) {
            Matcher m = PARAM_IN_MESSAGE.matcher(e.getMessage());
            String param = m.find() ? m.group(1) : null;
            if (param != null && params.containsKey(param)) {
                problemAt(t, paramsTable, param, e.getMessage());
            } else {
                t.problem("uri", e.getMessage());
            }
            return null;
        }
        return name == null ? null : new LinkConfig(name, uri, radio, repeats, auth, t.line(),
                auth == LinkAuth.MAC ? macSecretFile : null, macBytes, peers, policy, maxMessagesPerMinute, maxReplays);
    }

    /**
     * {@code peer = "K1ABC-1"} or {@code peers = ["K1ABC-1", "K2XYZ"]}: the far stations the link
     * keeps a queue for. Whether each is an address of the link is checked when it opens.
     */
    private static List<String> peers(TableReader t) {
        if (t.has("peer") && t.has("peers")) {
            t.problem("peers", "give either peer (line " + t.line("peer") + ") or peers, not both");
            return List.of();
        }
        List<String> given = t.has("peer") ? java.util.Arrays.asList(t.string("peer", null))
                : t.stringList("peers", List.of());
        String key = t.has("peer") ? "peer" : "peers";
        if (given.size() == 1 && given.get(0) == null) {
            return List.of(); // a peer that is not a string, already reported
        }
        if (given.size() > MAX_PEERS) {
            t.problem(key, "at most " + MAX_PEERS + " far stations per link, got " + given.size());
            return List.of();
        }
        List<String> peers = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String peer = given.get(i);
            String entry = key.equals("peers") ? "entry " + (i + 1) + ": " : "";
            if (peer.isBlank() || !peer.equals(peer.strip()) || peer.length() > MAX_PEER_CHARS) {
                t.problem(key, entry + "a far station is a callsign or station id of 1-" + MAX_PEER_CHARS
                        + " characters without blanks around it, got \"" + TableReader.preview(peer) + "\"");
            } else if (peers.contains(peer)) {
                t.problem(key, entry + "\"" + peer + "\" is listed twice");
            } else {
                peers.add(peer);
            }
        }
        return peers.size() == given.size() ? List.copyOf(peers) : List.of();
    }

    /** The link's own policy keys; each absent one is left to the link's profile. */
    private static LinkPolicyConfig policy(TableReader t) {
        List<String> kinds = null;
        if (t.has("allowed_kinds")) {
            kinds = new ArrayList<>();
            List<String> given = t.stringList("allowed_kinds", List.of());
            for (int i = 0; i < given.size(); i++) {
                String kind = given.get(i);
                if (!GateConfig.KINDS.contains(kind)) {
                    t.problem("allowed_kinds", "entry " + (i + 1) + ": unknown message kind \"" + TableReader.preview(kind)
                            + "\" (known: " + String.join(", ", new TreeSet<>(GateConfig.KINDS)) + ")");
                } else if (!kinds.contains(kind)) {
                    kinds.add(kind);
                }
            }
        }
        Integer maxBytes = t.has("max_message_bytes")
                ? t.intValue("max_message_bytes", GateConfig.MAX_RF_MESSAGE_BYTES, 1, GateConfig.MAX_RF_MESSAGE_BYTES) : null;
        Integer perMinute = t.has("max_per_minute") ? t.intValue("max_per_minute", 0, 0, Integer.MAX_VALUE) : null;
        Integer perFive = t.has("max_per_5_minutes") ? t.intValue("max_per_5_minutes", 0, 0, Integer.MAX_VALUE) : null;
        if (perMinute != null && perFive != null && perFive < perMinute) {
            t.problem("max_per_5_minutes", "must be at least max_per_minute (" + perMinute + "), got " + perFive);
            perFive = perMinute;
        }
        Integer duty = t.has("duty_cycle_percent") ? t.intValue("duty_cycle_percent", 100, 1, 100) : null;
        return new LinkPolicyConfig(kinds, maxBytes, perMinute, perFive, duty);
    }

    /** Checks that the keys {@code auth} needs are there (and readable) and that no other auth's keys are. */
    private static boolean auth(TableReader t, LinkAuth auth, Path macSecretFile, Path dataDir, Signing signing) {
        boolean ok = true;
        if (auth != LinkAuth.MAC) {
            for (String key : new String[] {"mac_secret_file", "mac_bytes"}) {
                if (t.has(key)) {
                    t.problem(key, "applies to auth = \"mac\" only (this link has auth = \"" + auth.name().toLowerCase(Locale.ROOT) + "\")");
                    ok = false;
                }
            }
        }
        if (auth == LinkAuth.MAC) {
            if (macSecretFile == null) {
                if (!t.has("mac_secret_file")) {
                    t.problem("auth", "auth = \"mac\" needs mac_secret_file: the file holding the secret shared with the far station");
                }
                return false;
            }
            try {
                MacSecrets.read(dataDir.resolve(macSecretFile));
            } catch (IOException e) {
                t.problem("mac_secret_file", e.getMessage());
                return false;
            }
        }
        if (auth == LinkAuth.SIGNATURE) {
            if (!signing.keyGiven()) {
                t.problem("auth", "auth = \"signature\" needs the station key: set key_file in [station]"
                        + " (create one with: skywave keygen)");
                ok = false;
            }
            if (!signing.trustGiven()) {
                t.problem("auth", "auth = \"signature\" accepts frames from trusted peers only: list their station ids"
                        + " in [station] trusted_peers");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * Settles the callsign a radio link identifies with: one given as a URI parameter, else the
     * link's own, else the station's. Adds it to {@code added} when the URI lacks it.
     */
    private static boolean callsign(TableReader t, TableReader paramsTable, LinkUri parsed, Map<String, String> params,
            String linkCallsign, String stationCallsign, boolean stationCallsignGiven, Map<String, String> added) {
        String inUri = parsed.params().get(CALLSIGN_PARAM);
        String inParams = params.get(CALLSIGN_PARAM);
        String given = inUri != null ? inUri : inParams;
        if (given != null) {
            if (t.has("callsign")) {
                t.problem("callsign", "the callsign is also given as parameter '" + CALLSIGN_PARAM + "' (line "
                        + (inUri != null ? t.line("uri") : paramsTable.line(CALLSIGN_PARAM)) + "); keep one");
                return false;
            }
            String problem = Callsigns.problem(given);
            if (problem != null) {
                if (inUri != null) {
                    t.problem("uri", "parameter 'callsign': " + problem);
                } else {
                    paramsTable.problem(CALLSIGN_PARAM, problem);
                }
                return false;
            }
            return true;
        }
        String effective = linkCallsign != null ? linkCallsign : stationCallsign;
        if (effective == null) {
            if (!t.has("callsign") && !stationCallsignGiven) {
                // Only when no callsign was given at all: a refused one has its own problem already.
                t.problem("callsign", "a radio link ('" + parsed.scheme() + "') must identify with the operator's licensed"
                        + " callsign: set callsign in [station] or in this link");
            }
            return false;
        }
        added.put(CALLSIGN_PARAM, effective);
        return true;
    }

    /** The scalars of {@code [link.params]} as URI parameter values. */
    private static Map<String, String> params(TableReader table) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : table.entries().entrySet()) {
            String name = entry.getKey();
            JsonNode value = entry.getValue();
            if (!PARAM_NAME.matcher(name).matches()) {
                table.problem(name, "parameter names are 1-32 lower-case letters, digits, '_' or '-', starting with a letter");
            } else if (value.isTextual() || value.isNumber() || value.isBoolean()) {
                params.put(name, value.asText());
            } else {
                table.problem(name, "expected a string, integer, float or boolean, got " + TableReader.describe(value));
            }
        }
        return params;
    }

    private static void problemAt(TableReader link, TableReader paramsTable, String param, String message) {
        if (paramsTable != null) {
            paramsTable.problem(param, message);
        } else {
            link.problem("uri", message);
        }
    }

    static String withParams(String uri, Map<String, String> params) {
        if (params.isEmpty()) {
            return uri;
        }
        StringBuilder text = new StringBuilder(uri.strip());
        char last = text.charAt(text.length() - 1);
        if (text.indexOf("?") < 0) {
            text.append('?');
        } else if (last != '?' && last != '&') {
            text.append('&');
        }
        String separator = "";
        for (Map.Entry<String, String> param : params.entrySet()) {
            text.append(separator)
                    .append(URLEncoder.encode(param.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(param.getValue(), StandardCharsets.UTF_8));
            separator = "&";
        }
        return text.toString();
    }
}
