package org.skywave.bridge.station;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
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
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
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
 * Everything a station keeps for one of its links: the link, its outbound queue and scheduler,
 * the fragmenter and reassembler fitted to its MTU, and the pending acknowledgements.
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

    /** Sends one ACK with {@code ids} to {@code to} on {@code link}. */
    @FunctionalInterface
    interface AckSender {
        void send(StationLink link, LinkAddress to, List<MessageId> ids);
    }

    /** One megabit a second: ten times the fastest radio link (VARA FM, 25 kbit/s, and 9600 baud AX.25 are far below). */
    static final double NO_COMPRESSION_BITRATE = 1_000_000;

    private final StationLinkSpec spec;
    private LinkRateLimits rateLimits;
    private final MessageQueue queue;
    private final StationExecutor executor;
    private final RandomGenerator random;
    private final AckBatcher ackBatcher;
    private Link link;
    private Fragmenter fragmenter;
    private Reassembler reassembler;
    private LinkScheduler scheduler;
    private LinkPolicy policy;
    /** Nonces of the HELLOs sent on this link: one coming back means the link loops to this station. */
    private final Set<Long> helloNonces = new HashSet<>();
    private LinkPeer peer;
    /** Peers with a session up, on a link with sessions. */
    private final Set<LinkAddress> sessions = new LinkedHashSet<>();
    /** The far station sessions are opened with on demand ({@link StationLinkSpec#peer}), or null. */
    private LinkAddress farStation;
    private boolean opening;
    /** Failed calls are tried again after this backoff; a session that came up resets it. */
    private final Backoff callBackoff;
    private long nextCallNanos;
    private boolean helloSentOnce;
    private long helloHeight;
    private long helloNanos;

    StationLink(StationLinkSpec spec, MessageQueue queue, StationExecutor executor,
            RandomGenerator random, AckSender sendAck) {
        this.spec = spec;
        this.queue = queue;
        this.executor = executor;
        this.random = random;
        this.ackBatcher = new AckBatcher(executor, ACK_DELAY, (to, ids) -> sendAck.send(this, to, ids));
        this.callBackoff = new Backoff(CALL_RETRY_MIN, CALL_RETRY_MAX, Backoff.Jitter.SPREAD, random);
    }

    void attach(Link openedLink) {
        this.link = openedLink;
        this.rateLimits = spec.rateLimits(openedLink.profile());
        int mtu = openedLink.profile().mtu();
        this.fragmenter = new Fragmenter(mtu, spec.authenticator(), compresses(openedLink.profile()));
        this.reassembler = new Reassembler(ReassemblerLimits.forProfile(openedLink.profile()), spec.authenticator(), executor::nanoTime);
        Backoff retryBackoff = LinkScheduler.retryBackoff(LinkScheduler.baseRetryDelay(openedLink.profile()), random);
        this.policy = LinkPolicy.of(spec.name(), openedLink.profile(), spec.policy(), executor::nanoTime);
        this.scheduler = new LinkScheduler(spec.name(), openedLink, queue, fragmenter, retryBackoff,
                spec.repeats() == 0, executor, executor::nanoTime, this::canCarry);
        if (policy.dutyCyclePercent() < 100) {
            scheduler.limitDutyCycle(TokenBucket.forLink(openedLink.profile(), policy.dutyCyclePercent() / 100.0, executor::nanoTime));
        }
        if (spec.peer() != null) {
            try {
                this.farStation = openedLink.peerAddress(spec.peer());
                scheduler.sendOnlyTo(farStation);
            } catch (IllegalArgumentException e) {
                Logger.error("link {}: peer '{}' is not an address of this link ({}); no session will be opened", spec.name(),
                        spec.peer(), e.getMessage());
            }
        }
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
        if (scheduler == null) {
            return;
        }
        if (profile.mtu() != fragmenter.mtu()) {
            fragmenter = new Fragmenter(profile.mtu(), spec.authenticator(), compresses(profile));
        }
        scheduler.profileChanged(fragmenter);
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
        if (scheduler != null) {
            callIfTrafficWaits();
            scheduler.pump();
        }
    }

    /**
     * Whether queued traffic may go now: always on a link without sessions; with a far station
     * named here, only while a session with that station is up; otherwise while any session is
     * up, or whenever the link takes it if it opens sessions on demand itself (VARA calls its own
     * {@code peers=} when handed a frame).
     */
    private boolean canCarry() {
        if (!link.hasSessions()) {
            return true;
        }
        if (farStation != null) {
            return sessions.contains(farStation); // the queue is that station's: not for whoever else called in
        }
        return !sessions.isEmpty() || link.opensSessionsOnDemand();
    }

    /**
     * On a link that opens sessions on demand: calls the far station when traffic waits, no
     * session is up or being opened, the channel is free, and no failed call is still backing off.
     */
    private void callIfTrafficWaits() {
        if (farStation == null || !link.opensSessionsOnDemand() || opening || !sessions.isEmpty()
                || link.state() != LinkState.UP || link.isChannelBusy() || executor.nanoTime() - nextCallNanos < 0) {
            return;
        }
        try {
            if (queue.peek(1).isEmpty()) {
                return;
            }
        } catch (StoreException e) {
            Logger.warn("link {}: cannot read its queue: {}", spec.name(), e.getMessage());
            return;
        }
        opening = true;
        Logger.info("link {}: traffic waits for {}; opening a session", spec.name(), farStation);
        try {
            link.openSession(farStation);
        } catch (RuntimeException e) {
            opening = false;
            nextCallNanos = executor.nanoTime() + callBackoff.next().toNanos();
            Logger.error(e, "link {}: cannot open a session with {}", spec.name(), farStation);
        }
    }

    /** A session of this link changed; see {@link org.skywave.transport.LinkListener#onSession}. */
    void sessionChanged(LinkAddress with, SessionState state, String detail) {
        switch (state) {
            case OPENING -> opening = true;
            case UP -> {
                opening = false;
                sessions.add(with);
                callBackoff.reset();
                nextCallNanos = executor.nanoTime();
            }
            case CLOSING -> Logger.debug("link {}: session with {} closing: {}", spec.name(), with, detail);
            case DOWN -> {
                opening = false;
                if (sessions.remove(with) && sessions.isEmpty() && scheduler != null) {
                    scheduler.sessionLost();
                }
            }
            case FAILED -> {
                opening = false;
                Duration wait = callBackoff.next();
                nextCallNanos = executor.nanoTime() + wait.toNanos();
                Logger.info("link {}: session with {} failed ({}); calling again in {} s at the earliest", spec.name(), with,
                        detail, wait.toSeconds());
            }
        }
    }

    /** Peers with a session up now. */
    Set<LinkAddress> sessions() {
        return Set.copyOf(sessions);
    }

    void acknowledged(MessageId id) {
        scheduler.acknowledged(id);
    }

    /** What the scheduler knows of sending {@code id}, or empty if it has not sent it. */
    Optional<LinkScheduler.Transmission> transmission(MessageId id) {
        return scheduler == null ? Optional.empty() : scheduler.transmission(id);
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
        long depth = -1;
        Duration oldest = Duration.ZERO;
        try {
            var stats = queue.stats();
            depth = stats.depth();
            oldest = stats.oldestAge();
        } catch (StoreException e) {
            Logger.warn("link {}: queue status unavailable: {}", spec.name(), e.getMessage());
        }
        return new StationLinkStatus(spec.name(), link.state(), link.profile(), depth, oldest,
                scheduler.messagesSent(), scheduler.retransmissions(), link.stats(), peer).withRefusals(policy.refusals());
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
        if (scheduler != null) {
            scheduler.close();
        }
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

    MessageQueue queue() {
        return queue;
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
