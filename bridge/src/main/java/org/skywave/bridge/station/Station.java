package org.skywave.bridge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.MessageLimits;
import org.skywave.bridge.message.PingMessage;
import org.skywave.bridge.message.PongMessage;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.message.UnknownKindException;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * One Skywave station: its links, the durable queue behind each outbound link, the gate between
 * them, and the acknowledgements that let a message leave a queue.
 *
 * <p>Every event (a frame in, a link state change, a timer) runs on the station's one thread
 * ({@link StationExecutor}), so the station's state needs no locks; storage calls block that
 * thread only for their commit.
 */
public final class Station implements AutoCloseable {

    /** How often queues are looked at even without an event: retry delays expire on their own. */
    private static final Duration PUMP_INTERVAL = Duration.ofMillis(200);
    /** The oldest message protocol version this station speaks; a HELLO below it is refused. */
    static final int MIN_PROTOCOL_VERSION = 1;
    /** A HELLO's callsign is 1..16 printable characters; a link without a callsign (internet links) sends this. */
    static final String NO_CALLSIGN = "-";

    private final String name;
    private final List<StationLinkSpec> specs;
    private final TransportRegistry registry;
    private final MessageStore store;
    private final StationExecutor executor;
    private final Duration messageTtl;
    private final LocalDelivery localDelivery;
    private final RandomGenerator random;
    private final Gate gate;
    private final PeerScores peers;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, StationLink> links = new LinkedHashMap<>();
    /** The nodes whose best height the HELLOs report; added from any thread, read on the station thread. */
    private final List<Supplier<OptionalLong>> heightSources = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private boolean pumpRequested;

    /** A station whose gate only routes (every relayed kind, no size cap or transmit limit): for tests and the demo. */
    public Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random) {
        this(name, specs, registry, store, executor, messageTtl, localDelivery, random, null, PeerScores.Limits.defaults());
    }

    /**
     * A station whose gate applies {@code gateConfig} (the {@code [gate]} section); peers are
     * banned at its {@code ban_score} for its {@code ban_minutes}, other peer limits are the defaults.
     */
    public Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random,
            GateConfig gateConfig) {
        this(name, specs, registry, store, executor, messageTtl, localDelivery, random,
                Objects.requireNonNull(gateConfig, "gateConfig"), PeerScores.Limits.forGate(gateConfig));
    }

    /** As above, with the limits peers are scored against; {@code gateConfig} null for a gate that only routes. */
    Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random,
            GateConfig gateConfig, PeerScores.Limits peerLimits) {
        this.name = Objects.requireNonNull(name, "name");
        this.specs = List.copyOf(specs);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.messageTtl = Objects.requireNonNull(messageTtl, "messageTtl");
        this.localDelivery = Objects.requireNonNull(localDelivery, "localDelivery");
        this.random = Objects.requireNonNull(random, "random");
        this.gate = gateConfig == null ? Gate.unrestricted() : new Gate(gateConfig, executor::nanoTime);
        this.peers = new PeerScores(peerLimits, executor::nanoTime);
    }

    /**
     * Opens every link; they connect in the background and report through the log. The future
     * fails if a link cannot be opened at all (unknown scheme, port taken, queue unreadable).
     */
    public CompletableFuture<Void> start() {
        return onStationThread(() -> {
            for (StationLinkSpec spec : specs) {
                openLink(spec);
            }
            executor.schedule(PUMP_INTERVAL, this::pumpAll);
            Logger.info("station {}: started with {} link(s)", name, specs.size());
            return null;
        });
    }

    private void openLink(StationLinkSpec spec) throws TransportException, StoreException {
        Transport transport = registry.forUri(spec.uri());
        StationLink stationLink = new StationLink(spec, store.queue(spec.name()), executor, random, this::sendAck);
        links.put(spec.name(), stationLink);
        Link link = transport.open(spec.uri(), new LinkListener() {
            @Override
            public void onFrame(InboundFrame frame) {
                executor.execute(() -> onFrameReceived(stationLink, frame));
            }

            @Override
            public void onStateChanged(LinkState state, String detail) {
                Logger.info("link {}: {}{}", spec.name(), state, detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
                if (state == LinkState.UP) {
                    executor.execute(() -> sayHello(stationLink));
                }
                executor.execute(stationLink::pump);
            }

            @Override
            public void onWritabilityChanged(boolean writable) {
                executor.execute(stationLink::pump);
            }
        });
        stationLink.attach(link);
    }

    /**
     * Accepts a message from the operator or a node adapter, as if it came from the internet.
     * The future completes with the message's id only once it is durable in the queue of every
     * radio link it goes to; it fails with a {@link StoreException} if storage refused it.
     * A message the station has already seen (say, one a node echoes back after we gave it to
     * the node) is not sent again.
     */
    public CompletableFuture<MessageId> submit(Message message) {
        return onStationThread(() -> {
            MessageId id = message.id();
            if (!store.seenSet().contains(id) && store.receive(id, executor.clock().instant().plus(messageTtl), onward(null, message, 0))) {
                requestPump();
            } else {
                Logger.debug("station {}: {} {} already seen, not sent again", name, message.kind(), id.shortHex());
            }
            return id;
        });
    }

    private void onFrameReceived(StationLink from, InboundFrame frame) {
        // Peers are told apart by link as well: the same callsign on two radio links is two peers.
        String peer = from.name() + "/" + frame.from();
        executor.faults().workingOn(from.name(), null);
        if (peers.dropIfBanned(peer)) {
            return;
        }
        Optional<ReassembledMessage> whole;
        try {
            whole = from.reassemble(frame);
        } catch (MalformedFrameException e) {
            misbehaved(from, frame, peer, "frame", e);
            return;
        }
        if (whole.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(whole.get().message());
        } catch (MalformedMessageException e) {
            misbehaved(from, frame, peer, "message", e);
            return;
        }
        executor.faults().workingOn(from.name(), message.id());
        PeerScores.Verdict pace = peers.messageReceived(peer);
        if (pace != PeerScores.Verdict.TAKE) {
            refuse(from, frame, peer, pace, RejectReason.RATE_LIMITED, Optional.empty(),
                    "more than " + peers.limits().maxMessagesPerMinute() + " messages a minute");
            return;
        }
        if (Gate.isLinkLocal(message.kind())) {
            answerLinkLocal(from, frame, message);
            return;
        }
        MessageId id = message.id();
        try {
            // Marking it seen and queueing it onward is one transaction: a crash leaves neither or both.
            // The seen-set is read first so that a re-sent message meets the gate (and its transmit limits) only once.
            boolean fresh = !store.seenSet().contains(id)
                    && store.receive(id, executor.clock().instant().plus(messageTtl), onward(from, message, whole.get().hops()));
            if (fresh) {
                localDelivery.deliver(from.name(), message);
                requestPump();
            } else {
                PeerScores.Verdict replay = peers.seenAgain(peer, id);
                if (replay != PeerScores.Verdict.TAKE) {
                    refuse(from, frame, peer, replay, RejectReason.DUPLICATE, Optional.of(id),
                            "already have it; sent again more than " + peers.limits().maxReplays() + " times");
                    return;
                }
                Logger.debug("link {}: {} already seen, acknowledging again", from.name(), id.shortHex());
            }
        } catch (StoreException e) {
            // Not acknowledged: the sender keeps it and tries again once storage works.
            Logger.error("link {}: cannot store {}: {}", from.name(), id.shortHex(), e.getMessage());
            return;
        }
        from.acknowledgeLater(id);
    }

    /**
     * Answers malformed input from {@code peer} with a REJECT (at most one per peer per
     * {@link PeerScores.Limits#rejectInterval}, so garbage on the air is not answered by a stream
     * of REJECTs) and raises the peer's ban score.
     */
    private void misbehaved(StationLink from, InboundFrame frame, String peer, String what, MalformedFrameException e) {
        from.link().stats().malformedFrame();
        Logger.warn("link {}: dropped a malformed {} from {}: {}", from.name(), what, peer, e.getMessage());
        RejectReason reason = e instanceof MalformedMessageException m ? m.rejectReason() : RejectReason.MALFORMED;
        OptionalInt kind = e instanceof UnknownKindException u ? OptionalInt.of(u.kindCode()) : OptionalInt.empty();
        PeerScores.Offence offence = reason == RejectReason.UNKNOWN_KIND ? PeerScores.Offence.UNKNOWN_KIND : PeerScores.Offence.MALFORMED;
        boolean banned = peers.offence(peer, offence, e.getMessage());
        reject(from, frame, peer, banned, reason, Optional.empty(), kind, e.getMessage());
    }

    /**
     * Refuses a message that decoded but broke a limit (a flood, a replay): not handled and not
     * acknowledged, but answered like malformed input.
     */
    private void refuse(StationLink from, InboundFrame frame, String peer, PeerScores.Verdict verdict, RejectReason reason,
            Optional<MessageId> id, String text) {
        Logger.debug("link {}: refused a message from {} ({}): {}", from.name(), peer, reason, text);
        reject(from, frame, peer, verdict == PeerScores.Verdict.BAN, reason, id, OptionalInt.empty(), text);
    }

    /**
     * Answers an offence with a REJECT at the peer's REJECT pace, {@code BANNED} if the offence
     * banned the peer, and then drops a banned peer.
     */
    private void reject(StationLink from, InboundFrame frame, String peer, boolean banned, RejectReason reason,
            Optional<MessageId> id, OptionalInt kind, String text) {
        if (peers.mayReject(peer)) {
            from.sendDirect(codec.encode(new RejectMessage(banned ? RejectReason.BANNED : reason, id, kind,
                    RejectTexts.truncate(text, MessageLimits.MAX_REJECT_TEXT_BYTES))));
        }
        if (banned) {
            disconnect(from, frame); // after the REJECT, so that a connection carries it out before it closes
        }
    }

    /**
     * The sender of {@code frame} just crossed its ban score: its link closes and refuses it for
     * the ban time where it can (TCP). Either way its frames are ignored until then, which is all
     * a radio channel can do: anyone in range may key up.
     */
    private void disconnect(StationLink from, InboundFrame frame) {
        Duration banTime = peers.limits().banTime();
        Instant until = executor.clock().instant().plus(banTime);
        boolean dropped;
        try {
            dropped = from.link().disconnect(frame.from(), banTime, "ban score " + peers.limits().banScore() + " reached");
        } catch (RuntimeException e) {
            Logger.error(e, "link {}: cannot disconnect {}; ignoring its frames instead", from.name(), frame.from());
            dropped = false;
        }
        Logger.info("link {}: {} banned until {}: {}", from.name(), frame.from(), until,
                dropped ? "disconnected, refused until then" : "its frames are ignored until then");
    }

    /**
     * The queue entries {@code message}, arrived with hop count {@code hops}, becomes: one per link
     * the gate sends it to ({@code from} null for local submissions), never back to the link it
     * came on, each with the hop count its frames will carry there.
     */
    private List<QueuedMessage> onward(StationLink from, Message message, int hops) {
        Gate.Side fromSide = from == null ? Gate.Side.LOCAL : from.side();
        Set<Gate.Side> present = EnumSet.noneOf(Gate.Side.class);
        for (StationLink to : links.values()) {
            if (to != from) {
                present.add(to.side());
            }
        }
        if (present.isEmpty()) {
            return List.of();
        }
        byte[] encoded = codec.encode(message);
        Set<Gate.Side> destinations = gate.destinations(fromSide, message, encoded.length, hops, present);
        List<QueuedMessage> onward = new ArrayList<>();
        for (StationLink to : links.values()) {
            if (to == from || !destinations.contains(to.side())) {
                continue;
            }
            onward.add(QueuedMessage.of(message.id(), to.name(), Priorities.of(message.kind()), encoded,
                    executor.clock().instant(), messageTtl).withRepeats(Math.max(1, to.repeats()))
                    .withHops(Gate.hopsOnward(fromSide, to.side(), hops)));
        }
        return onward;
    }

    /** Control for this link only: take the ACKs, answer a PING, note the rest. */
    private void answerLinkLocal(StationLink from, InboundFrame frame, Message message) {
        if (message instanceof AckMessage ack) {
            ack.ids().forEach(from::acknowledged);
        } else if (message instanceof PingMessage ping) {
            from.sendDirect(codec.encode(new PongMessage(ping.nonce())));
        } else if (message instanceof HelloMessage hello) {
            hearHello(from, frame, hello);
        } else if (message instanceof RejectMessage reject) {
            if (reject.reason() == RejectReason.DUPLICATE && reject.rejectedId().isPresent()) {
                // The far station holds it already (its seen-set is durable): as good as an ACK.
                from.acknowledged(reject.rejectedId().get());
            }
            Logger.warn("link {}: {} rejected {}: {} {}", from.name(), frame.from(),
                    reject.rejectedId().map(MessageId::shortHex).orElse("a message"), reject.reason(), reject.text());
        } else {
            Logger.debug("link {}: {} from {}", from.name(), message.kind(), frame.from());
        }
    }

    /**
     * Introduces this station on a link that just came up: sent straight to the link, never
     * queued or acknowledged, since it describes this link's session only.
     */
    private void sayHello(StationLink link) {
        if (closed) {
            return;
        }
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
        link.sendDirect(codec.encode(new HelloMessage(HelloMessage.PROTOCOL_VERSION, id, callsign, 0, height, now, nonce)));
    }

    /**
     * Adds a node whose best height this station's HELLOs report: they carry the highest any such
     * node knows, or 0 while none knows one. Any thread; {@code node} is read on the station thread
     * and must answer at once.
     */
    public void reportBestHeightOf(Supplier<OptionalLong> node) {
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
                Logger.warn("station {}: cannot read a node's best height: {}", name, e.toString());
                continue;
            }
            if (height.isPresent() && height.getAsLong() > best) {
                best = height.getAsLong();
            }
        }
        return best;
    }

    /** A HELLO again on each up link whose last one carried another best height (see {@link StationLink#helloOutdated}). */
    private void refreshHellos() {
        if (heightSources.isEmpty()) {
            return;
        }
        long height = bestHeight();
        for (StationLink link : links.values()) {
            if (link.helloOutdated(height, executor.nanoTime())) {
                sayHello(link);
            }
        }
    }

    /** Records who is at the far end and the version both speak; refuses a version we cannot speak. */
    private void hearHello(StationLink from, InboundFrame frame, HelloMessage hello) {
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
            from.sendDirect(codec.encode(new RejectMessage(RejectReason.POLICY, Optional.empty(),
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

    private void sendAck(StationLink link, List<MessageId> ids) {
        link.sendDirect(codec.encode(new AckMessage(ids)));
    }

    private void pumpAll() {
        if (closed) {
            return;
        }
        // Rescheduled first: a fault below is caught at the thread's boundary and must not end the timer.
        executor.schedule(PUMP_INTERVAL, this::pumpAll);
        links.values().forEach(StationLink::expireFragments);
        refreshHellos();
        pumpAllLinks();
    }

    /**
     * Pumps every link in a task of its own, once however often it is asked before it runs: what
     * asked (a submission, a message stored) has its answer whatever the pump then meets.
     */
    private void requestPump() {
        if (!pumpRequested) {
            pumpRequested = true;
            executor.execute(() -> {
                pumpRequested = false;
                pumpAllLinks();
            });
        }
    }

    private void pumpAllLinks() {
        links.values().forEach(StationLink::pump);
    }

    /** Per-link figures, keyed by link name, read on the station thread. */
    public CompletableFuture<Map<String, StationLinkStatus>> status() {
        return onStationThread(() -> {
            Map<String, StationLinkStatus> result = new LinkedHashMap<>();
            Map<String, List<PeerBan>> bans = PeerBan.byLink(peers.bans(), executor.clock().instant());
            for (StationLink link : links.values()) {
                result.put(link.name(), link.status().withBans(bans.getOrDefault(link.name(), List.of())));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * What each link knows of sending {@code id} (sends, the last one, whether one is under way),
     * keyed by link name; links that have not sent it are left out. Read on the station thread.
     */
    public CompletableFuture<Map<String, LinkSends>> sends(MessageId id) {
        Objects.requireNonNull(id, "id");
        return onStationThread(() -> {
            Map<String, LinkSends> result = new LinkedHashMap<>();
            Instant now = executor.clock().instant();
            long nowNanos = executor.nanoTime();
            for (StationLink link : links.values()) {
                link.transmission(id).ifPresent(t -> result.put(link.name(), new LinkSends(t.sends(),
                        t.sends() == 0 ? null : now.minusNanos(nowNanos - t.lastSentNanos()), t.sendingNow())));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /** The gate's drops by reason and the peers' bans, read on the station thread. */
    public CompletableFuture<GateStatus> gateStatus() {
        return onStationThread(() -> new GateStatus(gate.drops(), peers.bansImposed(), peers.framesDroppedWhileBanned(),
                peers.messagesRefused()));
    }

    public String name() {
        return name;
    }

    /** Unexpected exceptions the station thread caught and carried on after (see {@link StationFaults}); any thread. */
    public long unexpectedFaults() {
        return executor.faults().count();
    }

    /** Closes the links and stops the station's timers; the store stays open (its owner closes it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<StationLink> toClose = new ArrayList<>(links.values());
        toClose.forEach(StationLink::close);
        executor.close();
        Logger.info("station {}: stopped", name);
    }

    /** Runs {@code task} on the station thread; its exception, checked or not, fails the future. */
    private <T> CompletableFuture<T> onStationThread(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
