package org.skywave.transport.sim;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/**
 * The settings of one end of a simulated channel, read from
 * {@code sim:PROFILE?channel=NAME&loss=0.2&latency=MS&callsign=CALL&mtu=BYTES&bitrate=BPS}.
 * Loss and latency apply to the frames this end sends.
 *
 * @param profile  the named profile, with any {@code mtu} and {@code bitrate} override applied
 * @param channel  the channel both ends name to meet; defaults to the profile name
 * @param loss     probability that a frame sent from this end is lost (0..1)
 * @param latency  added to the delivery of every frame sent from this end
 * @param callsign this station's address on the channel, or null for the end name ({@code A}, {@code B})
 * @param sessions true for the connected mode ({@code session=on-demand}): the end is UP as a modem
 *                 is, and frames flow only in a session opened on demand, as with VARA
 * @param idle     a session that carried no frame this long is closed (connected mode; {@code idle=SECONDS})
 */
public record SimTransportConfig(LinkProfile profile, String channel, double loss, Duration latency, String callsign,
        boolean sessions, Duration idle) {

    /** Idle time of a connected session unless {@code idle} says otherwise: VARA's own default is 2 minutes. */
    public static final Duration DEFAULT_IDLE = Duration.ofMinutes(2);
    public static final long MAX_IDLE_SECONDS = 24 * 3600;

    /** A channel without sessions (every frame to the other end, as AX.25 UI frames). */
    public SimTransportConfig(LinkProfile profile, String channel, double loss, Duration latency, String callsign) {
        this(profile, channel, loss, latency, callsign, false, DEFAULT_IDLE);
    }

    public static final String SCHEME = "sim";
    /** Ten minutes: longer than any real path, short enough to catch a unit mistake (seconds for ms). */
    public static final long MAX_LATENCY_MS = 600_000;
    /** As the largest TCP frame: larger would not fit the heap target per queued frame. */
    public static final int MAX_MTU = 16 * 1024 * 1024;
    /** JS8 Slow is about 1.6 bit/s; nothing below 0.1 bit/s could carry a frame in a day. */
    public static final double MIN_BITRATE = 0.1;
    public static final double MAX_BITRATE = 1e10;

    static final Set<String> PARAMS = Set.of("channel", "loss", "latency", "callsign", "mtu", "bitrate", "session", "idle", "arq");
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CALLSIGN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/-]{0,15}");

    public SimTransportConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(idle, "idle");
        if (!(loss >= 0 && loss <= 1)) {
            throw new IllegalArgumentException("loss outside 0..1: " + loss);
        }
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency < 0: " + latency);
        }
    }

    /** Reads and checks every part of {@code uri}; the error names the URI, the parameter and the problem. */
    public static SimTransportConfig from(LinkUri uri) throws LinkUriException {
        if (!SCHEME.equals(uri.scheme())) {
            throw new LinkUriException("link URI '" + uri + "': scheme '" + uri.scheme() + "' is not " + SCHEME);
        }
        String name = uri.requirePath("sim:ax25-1200");
        LinkProfile base = LinkProfiles.named(name).orElseThrow(() -> new LinkUriException("link URI '" + uri
                + "': unknown link profile '" + name + "' (known: " + String.join(", ", LinkProfiles.names()) + ")"));
        uri.checkParams(PARAMS);
        int mtu = uri.intParam("mtu", base.mtu(), 1, MAX_MTU);
        double bitrate = uri.doubleParam("bitrate", base.bitrate(), MIN_BITRATE, MAX_BITRATE);
        boolean arq = booleanParam(uri, "arq");
        LinkProfile profile = new LinkProfile(base.name(), mtu, bitrate, base.duplex(), base.frameOverhead(), base.turnaround(),
                arq, base.window(), base.keyUp());
        String channel = uri.stringParam("channel", name);
        if (!CHANNEL_NAME.matcher(channel).matches()) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'channel' must be 1-64 letters, digits, '.', '_' or '-' (got '" + channel + "')");
        }
        double loss = uri.doubleParam("loss", 0, 0, 1);
        long latencyMs = uri.longParam("latency", 0, 0, MAX_LATENCY_MS);
        String callsign = uri.stringParam("callsign", null);
        if (callsign != null && !CALLSIGN.matcher(callsign).matches()) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'callsign' must be 1-16 letters, digits, '-' or '/' (got '" + callsign + "')");
        }
        String session = uri.stringParam("session", "none");
        if (!session.equals("none") && !session.equals("on-demand")) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'session' must be none or on-demand (got '" + session + "')");
        }
        if (arq && loss > 0) {
            throw new LinkUriException("link URI '" + uri + "': arq=true delivers every frame, so loss must be 0 (got " + loss + ")");
        }
        long idleSeconds = uri.longParam("idle", DEFAULT_IDLE.toSeconds(), 1, MAX_IDLE_SECONDS);
        return new SimTransportConfig(profile, channel, loss, Duration.ofMillis(latencyMs), callsign,
                session.equals("on-demand"), Duration.ofSeconds(idleSeconds));
    }

    private static boolean booleanParam(LinkUri uri, String name) throws LinkUriException {
        String value = uri.stringParam(name, "false");
        if (!value.equals("true") && !value.equals("false")) {
            throw new LinkUriException("link URI '" + uri + "': parameter '" + name + "' must be true or false (got '" + value + "')");
        }
        return value.equals("true");
    }
}
