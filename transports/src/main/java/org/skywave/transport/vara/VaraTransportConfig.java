package org.skywave.transport.vara;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.support.TransportUris;

/**
 * Settings of one VARA link, read from its URI:
 * {@code vara-hf://127.0.0.1:8300?callsign=K1ABC&peers=K2XYZ&bw=2300} or
 * {@code vara-fm://127.0.0.1:8300?callsign=K1ABC-1&peers=K2XYZ-1&via=DIGI1}.
 *
 * <table>
 *   <caption>URI parameters</caption>
 *   <tr><td>{@code callsign}</td><td>required: our callsign, sent as MYCALL</td></tr>
 *   <tr><td>{@code data-port}</td><td>the modem's data port; default command port + 1 (vara.md section 1)</td></tr>
 *   <tr><td>{@code bw}</td><td>VARA HF bandwidth 500, 2300 (default) or 2750; not for FM (section 8)</td></tr>
 *   <tr><td>{@code p2p}</td><td>VARA HF: {@code true} (default) sends P2P SESSION, {@code false} WINLINK SESSION (section 2)</td></tr>
 *   <tr><td>{@code peers}</td><td>callsigns this station calls, comma-separated</td></tr>
 *   <tr><td>{@code via}</td><td>VARA FM: up to 2 digipeaters for calls, comma-separated</td></tr>
 *   <tr><td>{@code allow}</td><td>callsigns that may call in, comma-separated, or {@code *} for anyone;
 *       default the peers. Nobody allowed: LISTEN OFF</td></tr>
 *   <tr><td>{@code every}</td><td>minutes between scheduled sessions with every peer (0 = none, default)</td></tr>
 *   <tr><td>{@code at}</td><td>UTC times of scheduled sessions, {@code HH:MM} comma-separated</td></tr>
 *   <tr><td>{@code idle}</td><td>seconds without traffic before a session is closed; default 60</td></tr>
 *   <tr><td>{@code mtu}</td><td>largest Skywave frame in bytes; default 1024</td></tr>
 *   <tr><td>{@code reply-timeout}, {@code alive-timeout}, {@code connect-timeout}</td><td>seconds to wait for a command's
 *       answer (10), for any line from the modem (120, section 7), for a call's outcome (120)</td></tr>
 *   <tr><td>{@code busy-timeout}, {@code busy-backoff}</td><td>seconds to wait for a busy channel before giving a call up (300);
 *       most milliseconds of random wait after BUSY OFF before calling (5000)</td></tr>
 * </table>
 *
 * <p>N0CALL is accepted here; refusing it for operators is the configuration layer's job.
 */
public record VaraTransportConfig(Kind kind, String host, int commandPort, int dataPort, VaraAddress callsign,
        String bandwidth, boolean p2p, List<VaraAddress> peers, List<VaraAddress> via, List<VaraAddress> allowed,
        boolean allowAny, Duration every, List<LocalTime> at, Duration idle, int mtu, Duration replyTimeout,
        Duration aliveTimeout, Duration connectTimeout, Duration busyTimeout, Duration busyBackoff) {

    /** VARA HF or VARA FM, with their defaults (vara.md sections 8 and 9). */
    public enum Kind {
        HF("vara-hf"), FM("vara-fm");

        public final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }
    }

    public static final Set<String> PARAMS = Set.of("callsign", "data-port", "bw", "p2p", "peers", "via", "allow", "every", "at",
            "idle", "mtu", "reply-timeout", "alive-timeout", "connect-timeout", "busy-timeout", "busy-backoff");
    public static final Set<String> HF_BANDWIDTHS = Set.of("500", "2300", "2750");
    public static final String DEFAULT_HF_BANDWIDTH = "2300";
    public static final int DEFAULT_MTU = 1024;
    /** A Skywave frame's length travels in 2 bytes on the data port (PROTOCOL.md), so no frame is longer. */
    public static final int MAX_MTU = 65_535;
    /** At most two digipeaters (vara.md section 2). */
    public static final int MAX_VIA = 2;

    public VaraTransportConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(callsign, "callsign");
        peers = List.copyOf(peers);
        via = List.copyOf(via);
        allowed = List.copyOf(allowed);
        at = List.copyOf(at);
    }

    /** Reads and checks {@code uri}; the error names the URI, the parameter and the problem. */
    public static VaraTransportConfig fromUri(LinkUri uri) throws LinkUriException {
        Kind kind = switch (uri.scheme()) {
            case "vara-hf" -> Kind.HF;
            case "vara-fm" -> Kind.FM;
            default -> throw new LinkUriException("link URI '" + uri + "': scheme must be vara-hf or vara-fm");
        };
        uri.checkParams(PARAMS);
        String host = uri.requireHost();
        int commandPort = uri.requirePort();
        TransportUris.requireNoPath(uri, kind.scheme);
        int dataPort = uri.intParam("data-port", commandPort == 65535 ? 0 : commandPort + 1, 1, 65535);
        String callText = uri.params().get("callsign");
        if (callText == null || callText.isBlank()) {
            throw new LinkUriException("link URI '" + uri + "': a VARA link needs callsign=YOURCALL (sent to the modem as MYCALL)");
        }
        VaraAddress callsign = call(uri, "callsign", callText);
        String bandwidth = null;
        if (kind == Kind.HF) {
            bandwidth = uri.stringParam("bw", DEFAULT_HF_BANDWIDTH);
            if (!HF_BANDWIDTHS.contains(bandwidth)) {
                throw new LinkUriException("link URI '" + uri + "': parameter 'bw' must be 500, 2300 or 2750 (got '" + bandwidth + "')");
            }
        } else if (uri.params().containsKey("bw")) {
            throw new LinkUriException("link URI '" + uri + "': VARA FM sets its bandwidth in its own setup, not by 'bw' (vara.md section 8)");
        }
        if (kind == Kind.FM && uri.params().containsKey("p2p")) {
            throw new LinkUriException("link URI '" + uri + "': 'p2p' is a VARA HF setting (P2P SESSION); VARA FM has none");
        }
        boolean p2p = bool(uri, "p2p", true);
        List<VaraAddress> peers = calls(uri, "peers");
        List<VaraAddress> via = calls(uri, "via");
        if (!via.isEmpty() && kind != Kind.FM) {
            throw new LinkUriException("link URI '" + uri + "': digipeaters ('via') are for VARA FM only (vara.md section 8)");
        }
        if (via.size() > MAX_VIA) {
            throw new LinkUriException("link URI '" + uri + "': at most " + MAX_VIA + " digipeaters in 'via' (got " + via.size() + ")");
        }
        String allowText = uri.params().get("allow");
        boolean allowAny = "*".equals(allowText == null ? null : allowText.strip());
        List<VaraAddress> allowed = allowAny ? List.of() : allowText == null ? peers : calls(uri, "allow");
        Duration every = Duration.ofMinutes(uri.intParam("every", 0, 0, 7 * 24 * 60));
        List<LocalTime> at = times(uri);
        Duration idle = seconds(uri, "idle", 60);
        int mtu = uri.intParam("mtu", DEFAULT_MTU, 16, MAX_MTU);
        return new VaraTransportConfig(kind, host, commandPort, dataPort, callsign, bandwidth, p2p, peers, via, allowed, allowAny,
                every, at, idle, mtu, seconds(uri, "reply-timeout", 10), seconds(uri, "alive-timeout", 120),
                seconds(uri, "connect-timeout", 120), seconds(uri, "busy-timeout", 300),
                Duration.ofMillis(uri.intParam("busy-backoff", 5000, 0, 600_000)));
    }

    private static Duration seconds(LinkUri uri, String name, int defaultSeconds) throws LinkUriException {
        return Duration.ofMillis(Math.round(uri.doubleParam(name, defaultSeconds, 0.01, 86_400) * 1000));
    }

    private static boolean bool(LinkUri uri, String name, boolean defaultValue) throws LinkUriException {
        String v = uri.params().get(name);
        if (v == null) {
            return defaultValue;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new LinkUriException("link URI '" + uri + "': parameter '" + name + "' must be true or false (got '" + v + "')");
    }

    private static VaraAddress call(LinkUri uri, String name, String text) throws LinkUriException {
        try {
            return VaraAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LinkUriException("link URI '" + uri + "': parameter '" + name + "': " + e.getMessage());
        }
    }

    private static List<VaraAddress> calls(LinkUri uri, String name) throws LinkUriException {
        List<VaraAddress> calls = new ArrayList<>();
        String text = uri.params().get(name);
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    calls.add(call(uri, name, part));
                }
            }
        }
        return calls;
    }

    private static List<LocalTime> times(LinkUri uri) throws LinkUriException {
        List<LocalTime> times = new ArrayList<>();
        String text = uri.params().get("at");
        if (text != null) {
            for (String part : text.split(",")) {
                try {
                    times.add(LocalTime.parse(part.strip()));
                } catch (DateTimeParseException e) {
                    throw new LinkUriException("link URI '" + uri + "': parameter 'at': '" + part.strip() + "' is not a UTC time HH:MM");
                }
            }
        }
        return times;
    }

    /** Whether {@code caller} may open a session with us. */
    public boolean mayCallIn(VaraAddress caller) {
        return allowAny || allowed.contains(caller);
    }

    /** LISTEN ON only if somebody may call in. */
    public boolean listens() {
        return allowAny || !allowed.isEmpty();
    }

    /** The link's figures before a session says otherwise: the nominal rate of the configured mode (vara.md section 9). */
    public LinkProfile initialProfile() {
        return VaraProfiles.profile(kind, kind == Kind.HF ? bandwidth : VaraProfiles.FM_WIDE, mtu);
    }
}
