package org.skywave.transport.js8call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/**
 * The settings of one JS8Call link, read from its URI:
 * {@code js8call://127.0.0.1:2442?callsign=K1ABC&speed=turbo&peer=K2XYZ}.
 *
 * <table>
 *   <caption>URI parameters</caption>
 *   <tr><td>{@code callsign}</td><td>required: our callsign; JS8Call's MyCall must be the same</td></tr>
 *   <tr><td>{@code speed}</td><td>{@code slow}, {@code normal} (default), {@code fast} or {@code turbo}</td></tr>
 *   <tr><td>{@code peer}</td><td>comma-separated callsigns a broadcast goes to, one directed message each</td></tr>
 *   <tr><td>{@code group}</td><td>a group such as {@code @SKYWAVE}: broadcasts go to it (one message for
 *       all), and directed messages to it are ours</td></tr>
 *   <tr><td>{@code chunk}</td><td>payload bytes per JS8 message, {@value #MIN_CHUNK}-{@value #MAX_CHUNK},
 *       default {@value #DEFAULT_CHUNK}: about 7 data frames, so one faded frame costs a
 *       re-sent chunk, not a whole transaction</td></tr>
 *   <tr><td>{@code repeat-after}</td><td>seconds without a new chunk before missing chunks are requested
 *       again; default two chunks' airtime at the speed</td></tr>
 * </table>
 *
 * <p>N0CALL is accepted here; refusing it for operators is the configuration layer's job.
 */
public record Js8CallTransportConfig(String host, int port, Js8Address callsign, Js8Speed speed, List<Js8Address> peers,
        Js8Address group, int chunkBytes, Duration repeatAfter) {

    public static final int DEFAULT_CHUNK = 40;
    public static final int MIN_CHUNK = 8;
    public static final int MAX_CHUNK = 128;
    private static final Set<String> PARAMS = Set.of("callsign", "speed", "peer", "group", "chunk", "repeat-after");

    public static Js8CallTransportConfig fromUri(LinkUri uri) throws LinkUriException {
        uri.checkParams(PARAMS);
        String host = uri.requireHost();
        int port = uri.requirePort();
        String call = uri.params().get("callsign");
        if (call == null) {
            throw new LinkUriException("link URI '" + uri + "' needs callsign=YOURCALL (JS8Call's MyCall)");
        }
        Js8Address callsign = address(uri, "callsign", call);
        if (callsign.isGroup()) {
            throw new LinkUriException("link URI '" + uri + "': callsign '" + call + "' is a group, not a station callsign");
        }
        Js8Speed speed = Js8Speed.named(uri.stringParam("speed", "normal"));
        if (speed == null) {
            throw new LinkUriException("link URI '" + uri + "': speed '" + uri.stringParam("speed", "")
                    + "' unknown (slow, normal, fast, turbo)");
        }
        List<Js8Address> peers = new ArrayList<>();
        for (String p : uri.stringParam("peer", "").split(",")) {
            if (!p.isBlank()) {
                Js8Address a = address(uri, "peer", p);
                if (a.equals(callsign)) {
                    throw new LinkUriException("link URI '" + uri + "': peer " + a + " is our own callsign");
                }
                peers.add(a);
            }
        }
        Js8Address group = null;
        String g = uri.params().get("group");
        if (g != null) {
            group = address(uri, "group", g.startsWith("@") ? g : "@" + g);
        }
        int chunk = uri.intParam("chunk", DEFAULT_CHUNK, MIN_CHUNK, MAX_CHUNK);
        double defaultRepeat = defaultRepeatAfter(speed, chunk).toMillis() / 1000.0;
        double repeat = uri.doubleParam("repeat-after", defaultRepeat, 0.1, 3600);
        return new Js8CallTransportConfig(host, port, callsign, speed, List.copyOf(peers), group, chunk,
                Duration.ofMillis(Math.round(repeat * 1000)));
    }

    private static Js8Address address(LinkUri uri, String param, String text) throws LinkUriException {
        try {
            return new Js8Address(text);
        } catch (IllegalArgumentException e) {
            throw new LinkUriException("link URI '" + uri + "': parameter '" + param + "': " + e.getMessage());
        }
    }

    /** JS8 frames one chunk of {@code chunkBytes} takes, header frames included. */
    public static int framesPerChunk(Js8Speed speed, int chunkBytes) {
        double bits = (chunkBytes + Js8ChunkCodec.DATA_OVERHEAD_BYTES) * 8.0;
        return (int) Math.ceil(bits / (Js8Speed.PAYLOAD_BITS_PER_FRAME * speed.dataBitsPerFrame() / 71.0)) + Js8Speed.HEADER_FRAMES;
    }

    /** Airtime of one chunk: its frames, one per period. */
    public static Duration chunkAirtime(Js8Speed speed, int chunkBytes) {
        return speed.period().multipliedBy(framesPerChunk(speed, chunkBytes));
    }

    static Duration defaultRepeatAfter(Js8Speed speed, int chunkBytes) {
        return chunkAirtime(speed, chunkBytes).multipliedBy(2).plus(speed.period().multipliedBy(2));
    }

    public LinkProfile profile() {
        return speed.profile(chunkBytes);
    }
}
