package org.skywave.bridge.station;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.link.LinkScheduler;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.link.RetryPolicy;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkState;
import org.skywave.transport.MalformedFrameException;
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

    private final StationLinkSpec spec;
    private final MessageQueue queue;
    private final StationExecutor executor;
    private final RandomGenerator random;
    private final AckBatcher ackBatcher;
    private Link link;
    private Fragmenter fragmenter;
    private Reassembler reassembler;
    private LinkScheduler scheduler;
    /** Nonces of the HELLOs sent on this link: one coming back means the link loops to this station. */
    private final Set<Long> helloNonces = new HashSet<>();
    private LinkPeer peer;
    private boolean helloSentOnce;
    private long helloHeight;
    private long helloNanos;

    StationLink(StationLinkSpec spec, MessageQueue queue, StationExecutor executor,
            RandomGenerator random, BiConsumer<StationLink, List<MessageId>> sendAck) {
        this.spec = spec;
        this.queue = queue;
        this.executor = executor;
        this.random = random;
        this.ackBatcher = new AckBatcher(executor, ACK_DELAY, ids -> sendAck.accept(this, ids));
    }

    void attach(Link openedLink) {
        this.link = openedLink;
        int mtu = openedLink.profile().mtu();
        this.fragmenter = new Fragmenter(mtu, spec.authenticator(), true);
        this.reassembler = new Reassembler(ReassemblerLimits.forProfile(openedLink.profile()), spec.authenticator(), executor::nanoTime);
        RetryPolicy retryPolicy = RetryPolicy.forLink(LinkScheduler.baseRetryDelay(openedLink.profile()), random);
        this.scheduler = new LinkScheduler(spec.name(), openedLink, queue, fragmenter, retryPolicy,
                spec.repeats() == 0, executor, executor::nanoTime);
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
            scheduler.pump();
        }
    }

    void acknowledged(MessageId id) {
        scheduler.acknowledged(id);
    }

    /** What the scheduler knows of sending {@code id}, or empty if it has not sent it. */
    Optional<LinkScheduler.Transmission> transmission(MessageId id) {
        return scheduler == null ? Optional.empty() : scheduler.transmission(id);
    }

    void acknowledgeLater(MessageId id) {
        ackBatcher.add(id);
    }

    /** Sends link-local control (ACKs) straight to the link, without queueing: a lost ACK is answered by a re-send. */
    void sendDirect(byte[] encodedMessage) {
        for (byte[] frame : fragmenter.frames(encodedMessage)) {
            link.broadcast(frame).exceptionally(error -> {
                Logger.debug("link {}: control frame not sent: {}", spec.name(), error.getMessage());
                return null;
            });
        }
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
                scheduler.messagesSent(), scheduler.retransmissions(), link.stats(), peer);
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

    Gate.Side side() {
        return spec.radio() ? Gate.Side.RADIO : Gate.Side.INTERNET;
    }
}
