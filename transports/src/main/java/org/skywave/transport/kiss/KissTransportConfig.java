package org.skywave.transport.kiss;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Callsign;

/**
 * The settings of one KISS link, read from its URI:
 * {@code kiss-tcp://127.0.0.1:8001?callsign=K1ABC-7&path=WIDE1-1} or
 * {@code kiss-serial:///dev/serial/by-id/usb-...?callsign=K1ABC-7&baud=9600}.
 *
 * <table>
 *   <caption>URI parameters</caption>
 *   <tr><td>{@code callsign}</td><td>required: our callsign-SSID, the source of every frame</td></tr>
 *   <tr><td>{@code dest}</td><td>destination callsign of our frames, default {@value #DEFAULT_DESTINATION};
 *       frames to it or to our callsign are ours</td></tr>
 *   <tr><td>{@code path}</td><td>comma-separated digipeaters, e.g. {@code WIDE1-1}, at most 8; default none</td></tr>
 *   <tr><td>{@code port}</td><td>KISS port (TNC radio channel) 0-15, default 0</td></tr>
 *   <tr><td>{@code txdelay}, {@code persist}, {@code slottime}, {@code txtail}</td><td>0-255, KISS units
 *       (10 ms, p*256-1); sent to the TNC on every connect when given</td></tr>
 *   <tr><td>{@code fullduplex}</td><td>{@code true}/{@code false}; sent on connect when given</td></tr>
 *   <tr><td>{@code bitrate}</td><td>radio bit rate 300, 1200 (default) or 9600</td></tr>
 *   <tr><td>{@code paclen}</td><td>information bytes per frame (the link MTU), 1-{@value #MAX_PACLEN}; default 256
 *       (AX.25's N1), 128 at 300 bit/s; a larger one (512 or 1024 on a clean channel) sends a transaction in one
 *       frame instead of two, at the price of more bytes lost with each lost frame</td></tr>
 *   <tr><td>{@code probe}</td><td>{@code true} (default): ask the TNC {@code TNC:} on connect to find Direwolf
 *       and pace by its {@code TXBUF:}; {@code false} for a TNC that misreads SetHardware</td></tr>
 *   <tr><td>{@code baud}</td><td>serial only: line speed, default 9600</td></tr>
 * </table>
 *
 * <p>N0CALL is accepted here; refusing it for operators is the configuration layer's job.
 */
public record KissTransportConfig(Callsign callsign, Callsign destination, List<Callsign> path, int kissPort,
                                  Map<KissCommand, Integer> parameters, int bitrate, int paclen, int baud,
                                  boolean probe, LinkProfile profile) {

    /**
     * Largest {@code paclen}: Direwolf takes information fields of up to 2048 bytes (AX25_MAX_INFO_LEN,
     * as {@link org.skywave.transport.ax25.Ax25Codec#MAX_INFO_BYTES}); half of it leaves room for
     * addresses and digipeaters within its 2048-byte KISS frame, and holds any common transaction.
     */
    public static final int MAX_PACLEN = 1024;

    /**
     * Destination ("tocall") of Skywave frames. Not an APRS {@code AP*} tocall, so APRS software
     * does not take the binary information field for a position report; not SPEECH, MORSE or
     * DTMF, which Direwolf would not send as packets (kiss-ax25.md section 6).
     */
    public static final String DEFAULT_DESTINATION = "SKYWV";
    public static final int DEFAULT_BITRATE = 1200;
    public static final int DEFAULT_BAUD = 9600;
    private static final Set<Integer> BITRATES = Set.of(300, 1200, 9600);
    private static final Set<String> FORBIDDEN_DESTINATIONS = Set.of("SPEECH", "MORSE", "DTMF");
    private static final Set<String> COMMON_PARAMS = Set.of("callsign", "dest", "path", "port", "txdelay", "persist",
            "slottime", "txtail", "fullduplex", "bitrate", "paclen", "probe");
    private static final Map<String, KissCommand> PARAMETER_COMMANDS = Map.of("txdelay", KissCommand.TXDELAY,
            "persist", KissCommand.P, "slottime", KissCommand.SLOTTIME, "txtail", KissCommand.TXTAIL);

    public KissTransportConfig {
        Objects.requireNonNull(callsign, "callsign");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(profile, "profile");
        path = List.copyOf(path);
        EnumMap<KissCommand, Integer> copy = new EnumMap<>(KissCommand.class);
        copy.putAll(parameters);
        parameters = Collections.unmodifiableMap(copy);
    }

    /** Which carrier the URI is for: a serial line takes a {@code baud} parameter and a device path. */
    public enum Carrier { TCP, SERIAL }

    /** Reads and checks every parameter of {@code uri}; the error names the URI, the parameter and the problem. */
    public static KissTransportConfig fromUri(LinkUri uri, Carrier carrier) throws LinkUriException {
        Set<String> allowed = new java.util.HashSet<>(COMMON_PARAMS);
        if (carrier == Carrier.SERIAL) {
            allowed.add("baud");
        }
        uri.checkParams(allowed);
        String callsignText = uri.stringParam("callsign", null);
        if (callsignText == null || callsignText.isBlank()) {
            throw new LinkUriException("link URI '" + uri + "' needs callsign=YOURCALL-SSID (the station's licensed callsign)");
        }
        Callsign callsign = callsign(uri, "callsign", callsignText);
        Callsign destination = callsign(uri, "dest", uri.stringParam("dest", DEFAULT_DESTINATION));
        if (FORBIDDEN_DESTINATIONS.contains(destination.base())) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'dest' must not be " + destination.base()
                    + " (Direwolf speaks or keys such frames instead of sending them)");
        }
        List<Callsign> path = new ArrayList<>();
        String pathText = uri.stringParam("path", "");
        if (!pathText.isBlank()) {
            for (String hop : pathText.split(",", -1)) {
                path.add(callsign(uri, "path", hop.strip()));
            }
            if (path.size() > Ax25Codec.MAX_DIGIPEATERS) {
                throw new LinkUriException("link URI '" + uri + "': parameter 'path' has " + path.size()
                        + " digipeaters (at most " + Ax25Codec.MAX_DIGIPEATERS + ")");
            }
        }
        int kissPort = uri.intParam("port", 0, 0, KissFrame.MAX_PORT);
        Map<KissCommand, Integer> parameters = new EnumMap<>(KissCommand.class);
        for (Map.Entry<String, KissCommand> p : PARAMETER_COMMANDS.entrySet()) {
            if (uri.params().containsKey(p.getKey())) {
                parameters.put(p.getValue(), uri.intParam(p.getKey(), 0, 0, 255));
            }
        }
        if (uri.params().containsKey("fullduplex")) {
            parameters.put(KissCommand.FULLDUPLEX, bool(uri, "fullduplex", false) ? 1 : 0);
        }
        int bitrate = uri.intParam("bitrate", DEFAULT_BITRATE, 1, 1_000_000);
        if (!BITRATES.contains(bitrate)) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'bitrate' must be 300, 1200 or 9600 (got " + bitrate + ")");
        }
        int defaultPaclen = bitrate == 300 ? LinkProfiles.AX25_300.mtu() : LinkProfiles.AX25_PACLEN;
        int paclen = uri.intParam("paclen", defaultPaclen, 1, MAX_PACLEN);
        int baud = carrier == Carrier.SERIAL ? uri.intParam("baud", DEFAULT_BAUD, 300, 4_000_000) : 0;
        boolean probe = bool(uri, "probe", true);
        return new KissTransportConfig(callsign, destination, path, kissPort, parameters, bitrate, paclen, baud, probe,
                profile(bitrate, paclen, path.size(), parameters));
    }

    /**
     * The profile of a link: AX.25 at {@code bitrate} ({@link LinkProfiles#ax25}), plus 7 bytes
     * per digipeater, with the keying time from {@code txdelay}/{@code txtail} when given.
     */
    static LinkProfile profile(int bitrate, int paclen, int digipeaters, Map<KissCommand, Integer> parameters) {
        LinkProfile base = LinkProfiles.ax25("ax25-" + bitrate, bitrate, paclen);
        Duration txDelay = txDelay(parameters);
        int overhead = LinkProfiles.AX25_FRAME_BYTES + 7 * digipeaters;
        return new LinkProfile(base.name(), paclen, bitrate, base.duplex(), overhead, txDelay, false,
                LinkProfile.DEFAULT_WINDOW, keyingTime(parameters));
    }

    /** Time the transmitter is keyed around the frames of one transmission: TXDELAY plus TXTAIL. */
    public Duration keyingTime() {
        return keyingTime(parameters);
    }

    private static Duration txDelay(Map<KissCommand, Integer> parameters) {
        // Without a TXDELAY of our own, the TNC's default applies; Direwolf's is assumed.
        return parameters.containsKey(KissCommand.TXDELAY)
                ? Duration.ofMillis(10L * parameters.get(KissCommand.TXDELAY)) : LinkProfiles.AX25_TXDELAY;
    }

    private static Duration keyingTime(Map<KissCommand, Integer> parameters) {
        Duration txTail = parameters.containsKey(KissCommand.TXTAIL)
                ? Duration.ofMillis(10L * parameters.get(KissCommand.TXTAIL)) : LinkProfiles.AX25_TXTAIL;
        return txDelay(parameters).plus(txTail);
    }

    /** Bytes of the AX.25 frame (no FCS) carrying {@code infoLength} information bytes. */
    public int ax25FrameLength(int infoLength) {
        return 7 * (2 + path.size()) + 2 + infoLength;
    }

    private static Callsign callsign(LinkUri uri, String param, String text) throws LinkUriException {
        try {
            return Callsign.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LinkUriException("link URI '" + uri + "': parameter '" + param + "': " + e.getMessage());
        }
    }

    private static boolean bool(LinkUri uri, String param, boolean defaultValue) throws LinkUriException {
        String value = uri.stringParam(param, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new LinkUriException("link URI '" + uri + "': parameter '" + param
                    + "' must be true or false (got '" + value + "')");
        };
    }
}
