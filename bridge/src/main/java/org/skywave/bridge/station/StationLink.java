package org.skywave.bridge.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.framing.TokenBucket;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.gate.LinkPolicy;
import org.skywave.bridge.gate.LinkRateLimits;
import org.skywave.bridge.link.LinkScheduler;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.IdPrefix;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.SessionState;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * Everything a station keeps for one of its links: the link, a queue and scheduler per far
 * station it names ({@link FarStation}; one for whoever is on the link when it names none), the
 * fragmenter and reassembler fitted to its MTU, and the pending acknowledgements.
 * Used on the station thread only.
 */
final class StationLink {

    /** ACKs wait this long for more ids to share one transmission. */
    private static final Duration ACK_DELAY = Duration.ofMillis(150);
    /** HELLO nonces remembered per link for loop detection; a flapping link must not grow the set without end. */
    private static final int MAX_HELLO_NONCES = 64;
    /**
     * A HELLO is sent again when the station's best height changed, but not more often than this on
     * one link: a node catching up must not fill a slow channel with HELLOs, and a peer learns a
     * new block's height a few minutes late at worst.
     */
    static final Duration HELLO_REFRESH_INTERVAL = Duration.ofMinutes(10);
    /**
     * A call that found no answer is tried again after this, doubling up to {@link #CALL_RETRY_MAX}:
     * each call keys the transmitter for seconds, so a station that is off the air is not called
     * back to back, but one that returns is reached within minutes.
     */
    static final Duration CALL_RETRY_MIN = Duration.ofSeconds(30);
    static final Duration CALL_RETRY_MAX = Duration.ofMinutes(10);

    /** The queue of this link for one far station ({@link QueuedMessage#ANY_STATION}: whoever is on it). */
    @FunctionalInterface
    interface Queues {
        MessageQueue queue(String station) throws StoreException;
    }

    /** Sends one ACK with {@code ids} to {@code to} on {@code link}. */
    @FunctionalInterface
    interface AckSender {
        void send(StationLink link, LinkAddress to, List<MessageId> ids);
    }

    /** One megabit a second: ten times the fastest radio link (VARA FM, 25 kbit/s, and 9600 baud AX.25 are far below). */
    static final double NO_COMPRESSION_BITRATE = 1_000_000;

    private final StationLinkSpec spec;
    private LinkRateLimits rateLimits;
    private final Queues queues;
    private final StationExecutor executor;
    private final RandomGenerator random;
    private final AckBatcher ackBatcher;
    private final ShortAcks shortAcks = new ShortAcks();
    private Link link;
    private Fragmenter fragmenter;
    private Reassembler reassembler;
    /** One per far station named, in the order the config names them; or one for whoever is on the link. */
    private final List<FarStation> farStations = new ArrayList<>();
    /** Where the search for the next station to call starts, so that each gets its turn. */
    private int nextToCall;
    private LinkPolicy policy;
    /** Nonces of the HELLOs sent on this link: one coming back means the link loops to this station. */
    private final Set<Long> helloNonces = new HashSet<>();
    private LinkPeer peer;
    /** Peers with a session up, on a link with sessions. */
    private final Set<LinkAddress> sessions = new LinkedHashSet<>();
    private boolean opening;
    /** The station being called, while {@link #opening}. */
    private FarStation calling;
    private boolean helloSentOnce;
    private long helloHeight;
    private long helloNanos;

    StationLink(StationLinkSpec spec, Queues queues, StationExecutor executor,
            RandomGenerator random, AckSender sendAck) {
        this.spec = spec;
        this.queues = queues;
        this.executor = executor;
        this.random = random;
        this.ackBatcher = new AckBatcher(executor, ACK_DELAY, (to, ids) -> sendAck.send(this, to, ids));
    }

    void attach(Link openedLink) throws StoreException {
        this.link = openedLink;
        this.rateLimits = spec.rateLimits(openedLink.profile());
        int mtu = openedLink.profile().mtu();
        this.fragmenter = new Fragmenter(mtu, spec.authenticator(), compresses(openedLink.profile()));
        this.reassembler = new Reassembler(ReassemblerLimits.forProfile(openedLink.profile()), spec.authenticator(), executor::nanoTime);
        this.policy = LinkPolicy.of(spec.name(), openedLink.profile(), spec.policy(), executor::nanoTime);
        // One duty cycle for the link, however many far stations share its channel.
        TokenBucket dutyCycle = policy.dutyCyclePercent() < 100
                ? TokenBucket.forLink(openedLink.profile(), policy.dutyCyclePercent() / 100.0, executor::nanoTime) : null;
        if (spec.peers().isEmpty()) {
            farStations.add(farStation(QueuedMessage.ANY_STATION, null, dutyCycle));
        }
        for (String peer : spec.peers()) {
            try {
                farStations.add(farStation(peer, openedLink.peerAddress(peer), dutyCycle));
            } catch (IllegalArgumentException e) {
                // Its traffic is not routed here (see queueStations) and waits in the store for a corrected config.
                Logger.error("link {}: peer '{}' is not an address of this link ({}); nothing is queued for it", spec.name(),
                        peer, e.getMessage());
            }
        }
    }

    private FarStation farStation(String station, LinkAddress address, TokenBucket dutyCycle) throws StoreException {
        Backoff retryBackoff = LinkScheduler.retryBackoff(LinkScheduler.baseRetryDelay(link.profile()), random);
        MessageQueue queue = queues.queue(station);
        LinkScheduler scheduler = new LinkScheduler(spec.name(), link, queue, fragmenter, retryBackoff,
                spec.repeats() == 0, executor, executor::nanoTime, () -> canCarry(address));
        if (dutyCycle != null) {
            scheduler.limitDutyCycle(dutyCycle);
        }
        return new FarStation(station, address, queue, scheduler, CALL_RETRY_MIN, CALL_RETRY_MAX, random,
                executor.nanoTime());
    }

    /**
     * The far stations a message routed to this link is queued for, once each: those named (and
     * valid on the link), or {@link QueuedMessage#ANY_STATION} when it names none.
     */
    List<String> queueStations() {
        return farStations.stream().map(FarStation::name).toList();
    }

    /**
     * Compression saves air time on radio links. On a link of {@link #NO_COMPRESSION_BITRATE} or
     * more the few bytes it saves take less time to send than Deflate takes to find them (about
     * 0.1 ms a transaction at its best level), so there frames go uncompressed; receivers read both.
     */
    static boolean compresses(LinkProfile profile) {
        return profile.bitrate() < NO_COMPRESSION_BITRATE;
    }

    /**
     * The link's figures changed (a modem changed speed level): the fragmenter is refitted to the
     * new MTU, the scheduler's window and the reassembly timeout follow; the policy keeps its kinds.
     */
    void profileChanged(LinkProfile profile) {
        if (fragmenter == null) {
            return;
        }
        if (profile.mtu() != fragmenter.mtu()) {
            fragmenter = new Fragmenter(profile.mtu(), spec.authenticator(), compresses(profile));
        }
        farStations.forEach(far -> far.scheduler().profileChanged(fragmenter));
        reassembler.changeTimeout(ReassemblerLimits.forProfile(profile).timeout());
        Logger.info("link {}: now {} bytes MTU at {} bit/s", spec.name(), profile.mtu(), profile.bitrate());
    }

    /** The whole message this frame completes, with the hop count its frames carried. */
    Optional<ReassembledMessage> reassemble(InboundFrame frame) throws MalformedFrameException {
        return reassembler.reassemble(frame.from(), frame.payload());
    }

    void expireFragments() {
        if (reassembler != null) {
            reassembler.expire();
        }
    }

    void pump() {
        callIfTrafficWaits();
        farStations.forEach(far -> far.scheduler().pump());
    }

    /**
     * Whether traffic queued for {@code station} may go now: always on a link without sessions
     * (addressed to it); for a named far station, only while a session with that station is up;
     * for whoever is on the link, while any session is up, or whenever the link takes it if it
     * opens sessions on demand itself (VARA calls its own {@code peers=} when handed a frame).
     */
    private boolean canCarry(LinkAddress station) {
        if (!link.hasSessions()) {
            return true;
        }
        if (station != null) {
            return sessions.contains(station); // the queue is that station's: not for whoever else called in
        }
        return !sessions.isEmpty() || link.opensSessionsOnDemand();
    }

    /**
     * On a link that opens sessions on demand, one session at a time: when none is up or being
     * opened and the channel is free, calls the next far station (in turn) whose traffic waits
     * and whose last failed call has backed off. A station that does not answer waits alone.
     */
    private void callIfTrafficWaits() {
        if (link == null || !link.opensSessionsOnDemand() || opening || !sessions.isEmpty()
                || link.state() != LinkState.UP || link.isChannelBusy()) {
            return;
        }
        long now = executor.nanoTime();
        for (int i = 0; i < farStations.size(); i++) {
            FarStation far = farStations.get((nextToCall + i) % farStations.size());
            try {
                if (!far.wantsCall(now)) {
                    continue;
                }
            } catch (StoreException e) {
                Logger.warn("link {}: cannot read the queue for {}: {}", spec.name(), far.name(), e.getMessage());
                continue;
            }
            nextToCall = (farStations.indexOf(far) + 1) % farStations.size();
            opening = true;
            calling = far;
            Logger.info("link {}: traffic waits for {}; opening a session", spec.name(), far.address());
            try {
                link.openSession(far.address());
            } catch (RuntimeException e) {
                opening = false;
                calling = null;
                far.callFailed(now);
                Logger.error(e, "link {}: cannot open a session with {}", spec.name(), far.address());
            }
            return;
        }
    }

    /** The far station at {@code address}; else the queue of whoever is on the link; else null (not ours). */
    private FarStation farStationAt(LinkAddress address) {
        FarStation anyone = null;
        for (FarStation far : farStations) {
            if (address != null && address.equals(far.address())) {
                return far;
            }
            if (far.anyone()) {
                anyone = far;
            }
        }
        return anyone;
    }

    /** A session of this link changed; see {@link org.skywave.transport.LinkListener#onSession}. */
    void sessionChanged(LinkAddress with, SessionState state, String detail) {
        switch (state) {
            case OPENING -> opening = true;
            case UP -> {
                opening = false;
                calling = null;
                sessions.add(with);
                FarStation far = farStationAt(with);
                if (far != null) {
                    far.sessionUp(executor.nanoTime());
                }
            }
            case CLOSING -> Logger.debug("link {}: session with {} closing: {}", spec.name(), with, detail);
            case DOWN -> {
                opening = false;
                calling = null;
                if (sessions.remove(with)) {
                    // A named station's sends are settled only with it; whoever-is-on-the-link's when nobody is left.
                    for (FarStation far : farStations) {
                        if (with.equals(far.address()) || (far.anyone() && sessions.isEmpty())) {
                            far.scheduler().sessionLost();
                        }
                    }
                }
            }
            case FAILED -> {
                opening = false;
                FarStation far = farStationAt(with);
                if (far == null || far.anyone()) {
                    far = calling;
                }
                calling = null;
                if (far != null) {
                    Duration wait = far.callFailed(executor.nanoTime());
                    Logger.info("link {}: session with {} failed ({}); calling it again in {} s at the earliest",
                            spec.name(), with, detail, wait.toSeconds());
                } else {
                    Logger.info("link {}: session with {} failed ({})", spec.name(), with, detail);
                }
            }
        }
    }

    /** Peers with a session up now. */
    Set<LinkAddress> sessions() {
        return Set.copyOf(sessions);
    }

    /**
     * {@code from} acknowledged {@code id}: settles only that far station's row (or, on a link
     * that names none, the link's); an ACK from a station this link keeps no queue for settles nothing.
     */
    void acknowledged(LinkAddress from, MessageId id) {
        shortAcks.acknowledged(id);
        FarStation far = farStationAt(from);
        if (far != null) {
            far.scheduler().acknowledged(id);
        } else {
            Logger.debug("link {}: ACK for {} from {}, for whom nothing is queued here", spec.name(), id.shortHex(), from);
        }
    }

    /** An ACK from {@code from} naming {@code prefix}: it acknowledges the one message sent to it that it can mean, if there is exactly one. */
    void acknowledgedPrefix(LinkAddress from, IdPrefix prefix) {
        FarStation far = farStationAt(from);
        Optional<MessageId> id = far == null ? Optional.empty() : shortAcks.resolve(prefix, far.scheduler().sentMatching(prefix));
        if (id.isPresent()) {
            acknowledged(from, id.get());
        } else {
            Logger.debug("link {}: ACK of {} from {} names no single message sent to it; ignored", spec.name(), prefix, from);
        }
    }

    /** The ACK for {@code ids} received on this link: by id prefixes on a link that prefers short ids. */
    AckMessage ackFor(List<MessageId> ids) {
        return link.prefersShortIds() ? shortAcks.ackFor(ids) : new AckMessage(ids);
    }

    /** What the schedulers know of sending {@code id} (the far station that had the most sends), or empty if none sent it. */
    Optional<LinkScheduler.Transmission> transmission(MessageId id) {
        return farStations.stream().map(far -> far.scheduler().transmission(id)).flatMap(Optional::stream)
                .max(java.util.Comparator.comparingInt(LinkScheduler.Transmission::sends));
    }

    void acknowledgeLater(LinkAddress from, MessageId id) {
        ackBatcher.add(from, id);
    }

    /**
     * Sends link-local control (HELLO) straight to the link, without queueing: to every peer with
     * a session on a link with sessions, to the channel on one without.
     */
    void sendDirect(byte[] encodedMessage) {
        if (link.hasSessions()) {
            sessions.forEach(peerInSession -> reply(peerInSession, encodedMessage));
            return;
        }
        for (byte[] frame : fragmenter.frames(encodedMessage)) {
            whenSent(link.broadcast(frame));
        }
    }

    /**
     * Answers {@code to} (an ACK, PONG, REJECT or HELLO) straight away, without queueing: a lost
     * answer is answered by a re-send. Addressed to that peer on a link with sessions; to the
     * channel on one without, where every station hears it anyway.
     */
    void reply(LinkAddress to, byte[] encodedMessage) {
        for (byte[] frame : fragmenter.frames(encodedMessage)) {
            whenSent(link.hasSessions() ? link.send(to, frame) : link.broadcast(frame));
        }
    }

    private void whenSent(CompletableFuture<Void> sent) {
        sent.exceptionally(error -> {
            Logger.debug("link {}: control frame not sent: {}", spec.name(), error.getMessage());
            return null;
        });
    }

    StationLinkStatus status() {
        long depth = 0;
        Duration oldest = Duration.ZERO;
        Map<String, Long> byStation = new LinkedHashMap<>();
        long sent = 0;
        long resent = 0;
        for (FarStation far : farStations) {
            sent += far.scheduler().messagesSent();
            resent += far.scheduler().retransmissions();
            try {
                QueueStats stats = far.queue().stats();
                byStation.put(stats.destination(), stats.depth());
                depth = depth < 0 ? depth : depth + stats.depth();
                oldest = stats.oldestAge().compareTo(oldest) > 0 ? stats.oldestAge() : oldest;
            } catch (StoreException e) {
                depth = -1;
                byStation.put(QueuedMessage.queueName(spec.name(), far.name()), -1L);
                Logger.warn("link {}: queue status for {} unavailable: {}", spec.name(), far.name(), e.getMessage());
            }
        }
        return new StationLinkStatus(spec.name(), link.state(), link.profile(), depth, oldest, sent, resent, link.stats(),
                peer).withRefusals(policy.refusals()).withQueues(byStation);
    }

    /** Remembers a HELLO about to be sent: its nonce (a bounded set, for loop detection), the height it carries and when. */
    void helloSent(long nonce, long bestHeight, long nowNanos) {
        if (helloNonces.size() >= MAX_HELLO_NONCES) {
            helloNonces.clear();
        }
        helloNonces.add(nonce);
        helloSentOnce = true;
        helloHeight = bestHeight;
        helloNanos = nowNanos;
    }

    /**
     * Whether this link, up and introduced, should hear a HELLO with {@code bestHeight}: its last one
     * carried another height, and either carried none (0, so the first height a node reports goes out
     * at once) or went out {@link #HELLO_REFRESH_INTERVAL} ago.
     */
    boolean helloOutdated(long bestHeight, long nowNanos) {
        if (!helloSentOnce || link == null || link.state() != LinkState.UP || bestHeight == helloHeight) {
            return false;
        }
        return helloHeight == 0 || nowNanos - helloNanos >= HELLO_REFRESH_INTERVAL.toNanos();
    }

    boolean sentHello(long nonce) {
        return helloNonces.contains(nonce);
    }

    void peer(LinkPeer introduced) {
        this.peer = introduced;
    }

    /** The flood and replay limits of a peer on this link, from its profile and config. */
    LinkRateLimits rateLimits() {
        return rateLimits;
    }

    StationLinkSpec spec() {
        return spec;
    }

    void close() {
        farStations.forEach(far -> far.scheduler().close());
        if (link != null) {
            link.close();
        }
    }

    String name() {
        return spec.name();
    }

    Link link() {
        return link;
    }

    /** 0 when the far end acknowledges; otherwise transmissions of each message. */
    int repeats() {
        return spec.repeats();
    }

    /** Whether Bitcoin transactions go to this link in compact form. */
    boolean compactTransactions() {
        return spec.compactTransactions();
    }

    /** Whether this link's policy lets {@code message} ({@code encodedBytes} long) be queued for it; see {@link LinkPolicy#admit}. */
    boolean admits(Message message, int encodedBytes) {
        return policy == null || policy.admit(message, encodedBytes);
    }

    Gate.Side side() {
        return spec.radio() ? Gate.Side.RADIO : Gate.Side.INTERNET;
    }
}
