package org.skywave.bridge.station;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.MessageLimits;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkAddress;
import org.tinylog.Logger;

/**
 * The HELLO exchange: introduces this station on a link that came up (and again when its best
 * height changed), and records who is at the far end from the HELLO it sends. Station thread only,
 * except {@link #reportBestHeightOf}.
 */
final class Hellos {

    /** The oldest message protocol version this station speaks; a HELLO below it is refused. */
    static final int MIN_PROTOCOL_VERSION = 1;
    /** A HELLO's callsign is 1..16 printable characters; a link without a callsign (internet links) sends this. */
    static final String NO_CALLSIGN = "-";

    private final String stationName;
    private final StationExecutor executor;
    private final RandomGenerator random;
    private final MessageCodec codec;
    /** The nodes whose best height the HELLOs report; added from any thread, read on the station thread. */
    private final List<Supplier<OptionalLong>> heightSources = new CopyOnWriteArrayList<>();

    Hellos(String stationName, StationExecutor executor, RandomGenerator random, MessageCodec codec) {
        this.stationName = stationName;
        this.executor = executor;
        this.random = random;
        this.codec = codec;
    }

    /**
     * Introduces this station on a link without sessions that just came up, or again to every
     * peer in session: sent straight to the link, never queued or acknowledged, since it describes
     * this link's session only.
     */
    void sayHello(StationLink link) {
        link.sendDirect(hello(link));
    }

    /** Introduces this station to {@code peer}, whose session just came up. */
    void sayHello(StationLink link, LinkAddress peer) {
        link.reply(peer, hello(link));
    }

    private byte[] hello(StationLink link) {
        long nonce = random.nextLong();
        long height = bestHeight();
        link.helloSent(nonce, height, executor.nanoTime());
        StationLinkSpec spec = link.spec();
        byte[] id = spec.stationId() == null ? new byte[StationId.BYTES] : spec.stationId().bytes();
        String callsign = spec.uri().params().getOrDefault("callsign", NO_CALLSIGN);
        if (callsign.isEmpty() || callsign.length() > MessageLimits.MAX_CALLSIGN_BYTES
                || !callsign.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            callsign = NO_CALLSIGN; // transports check callsigns; a URI that slipped past them must not stop the HELLO
        }
        long now = Math.max(0, executor.clock().instant().getEpochSecond());
        return codec.encode(new HelloMessage(HelloMessage.PROTOCOL_VERSION, id, callsign, 0, height, now, nonce));
    }

    /** See {@link Station#reportBestHeightOf}. Any thread. */
    void reportBestHeightOf(Supplier<OptionalLong> node) {
        heightSources.add(Objects.requireNonNull(node, "node"));
    }

    private long bestHeight() {
        long best = 0;
        for (Supplier<OptionalLong> source : heightSources) {
            OptionalLong height;
            try {
                height = source.get();
            } catch (RuntimeException e) {
                // Read from the pump timer: a faulty node must not stop the station's timers.
                Logger.warn("station {}: cannot read a node's best height: {}", stationName, e.toString());
                continue;
            }
            if (height.isPresent() && height.getAsLong() > best) {
                best = height.getAsLong();
            }
        }
        return best;
    }

    /** A HELLO again on each up link whose last one carried another best height (see {@link StationLink#helloOutdated}). */
    void refresh(Collection<StationLink> links) {
        if (heightSources.isEmpty()) {
            return;
        }
        long height = bestHeight();
        for (StationLink link : links) {
            if (link.helloOutdated(height, executor.nanoTime())) {
                sayHello(link);
            }
        }
    }

    /** Records who is at the far end and the version both speak; refuses a version we cannot speak. */
    void hear(StationLink from, InboundFrame frame, HelloMessage hello) {
        if (from.sentHello(hello.nonce())) {
            Logger.warn("link {}: heard this station's own HELLO back from {}: the link loops back to this station",
                    from.name(), frame.from());
            return;
        }
        int theirs = hello.protocolVersion();
        if (theirs < MIN_PROTOCOL_VERSION) {
            String text = "protocol version " + theirs + " not supported; this station speaks " + MIN_PROTOCOL_VERSION
                    + ".." + HelloMessage.PROTOCOL_VERSION;
            Logger.warn("link {}: HELLO from {}: {}", from.name(), frame.from(), text);
            from.reply(frame.from(), codec.encode(new RejectMessage(RejectReason.POLICY, Optional.empty(),
                    OptionalInt.of(MessageKind.HELLO.code()), text)));
            return;
        }
        int version = Math.min(theirs, HelloMessage.PROTOCOL_VERSION);
        if (theirs > HelloMessage.PROTOCOL_VERSION) {
            Logger.info("link {}: {} speaks protocol version {}, this station {}: using {}", from.name(), frame.from(),
                    theirs, HelloMessage.PROTOCOL_VERSION, version);
        }
        String callsign = hello.callsign().equals(NO_CALLSIGN) ? "" : hello.callsign();
        LinkPeer peer = new LinkPeer(fingerprint(hello.stationId()), callsign, version, hello.bestHeight(),
                executor.clock().instant());
        from.peer(peer);
        Logger.info("link {}: HELLO from {}: station {} callsign '{}' protocol version {} best height {}", from.name(),
                frame.from(), peer.fingerprint(), peer.callsign(), version, peer.bestHeight());
    }

    private static String fingerprint(byte[] stationId) {
        if (Arrays.equals(stationId, new byte[StationId.BYTES])) {
            return LinkPeer.NO_ID;
        }
        try {
            return StationId.of(stationId).fingerprint();
        } catch (IllegalArgumentException e) {
            return LinkPeer.NO_ID;
        }
    }
}
