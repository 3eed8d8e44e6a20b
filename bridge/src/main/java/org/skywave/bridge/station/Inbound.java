package org.skywave.bridge.station;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.skywave.bridge.framing.FrameHeader;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.gate.LinkRateLimits;
import org.skywave.bridge.gate.LogThrottle;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HelloMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.PingMessage;
import org.skywave.bridge.message.PongMessage;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.MalformedFrameException;
import org.tinylog.Logger;

/**
 * Takes every frame a link received: drops a banned sender's, reassembles and decodes, paces
 * the peer, answers link-local control (ACK, PING, HELLO, REJECT), and stores a new message with
 * its onward queue entries in one transaction before handing it to the local nodes and
 * acknowledging it. The transactions of a burst of messages are one commit: the station thread
 * goes on reading while the store commits, and acknowledges each message once its commit is done.
 * Station thread only.
 */
final class Inbound {

    private final MessageStore store;
    private final PeerScores peers;
    private final MessageCodec codec;
    private final Router router;
    private final Offences offences;
    private final Hellos hellos;
    private final LocalDelivery localDelivery;
    private final Runnable pumpAllLinks;
    private final StationFaults faults;
    private final Executor stationThread;
    /** Messages handed to the store and not committed yet, with the peers waiting for their ACK. */
    private final Map<MessageId, List<Sender>> storing = new HashMap<>();
    private final InboundBudget budget;
    private final LogThrottle throttle;

    /** A peer that sent a message, to be acknowledged once it is stored. */
    private record Sender(StationLink link, LinkAddress address) {
    }

    Inbound(MessageStore store, PeerScores peers, MessageCodec codec, Router router, Offences offences,
            Hellos hellos, InboundBudget budget, LogThrottle throttle, LocalDelivery localDelivery, Runnable pumpAllLinks,
            StationExecutor stationThread) {
        this.faults = stationThread.faults();
        this.stationThread = stationThread;
        this.store = store;
        this.peers = peers;
        this.codec = codec;
        this.router = router;
        this.offences = offences;
        this.hellos = hellos;
        this.localDelivery = localDelivery;
        this.pumpAllLinks = pumpAllLinks;
        this.budget = budget;
        this.throttle = throttle;
    }

    /**
     * The peer a frame counts against, for scores, bans and budgets: what the sender cannot shed at
     * will (its IP address, its callsign), not its connection or SSID; and told apart by link as
     * well, since the same callsign on two radio links is two peers.
     */
    static String peerOf(String linkName, InboundFrame frame) {
        return linkName + "/" + frame.from().peerKey();
    }

    /** {@link InboundBudget#admit} turned a frame away before the station read it; called on the link's thread. */
    void droppedUnread(StationLink from, String peer) {
        from.link().stats().droppedFrame();
        long held = throttle.permit(peer + " unread");
        if (held >= 0) {
            Logger.warn("link {}: dropped a frame from {} unread: more than {} bytes from it, or {} in all, wait for the"
                    + " station{}", from.name(), peer, InboundBudget.MAX_WAITING_BYTES_PER_PEER,
                    InboundBudget.MAX_WAITING_BYTES, LogThrottle.heldBack(held));
        }
    }

    void onFrame(StationLink from, InboundFrame frame) {
        String peer = peerOf(from.name(), frame);
        faults.workingOn(from.name(), null);
        if (peers.dropIfBanned(peer)) {
            return;
        }
        boolean compressed = InboundBudget.compressed(frame.payload());
        if (compressed && !budget.mayInflate(peer)) {
            from.link().stats().droppedFrame();
            long held = throttle.permit(peer + " inflate");
            if (held >= 0) {
                Logger.warn("link {}: dropped a compressed frame from {} uninflated: over its budget of {} bytes a second{}",
                        from.name(), peer, InboundBudget.INFLATE_BYTES_PER_SECOND, LogThrottle.heldBack(held));
            }
            return;
        }
        Optional<ReassembledMessage> whole;
        try {
            whole = from.reassemble(frame);
        } catch (MalformedFrameException e) {
            if (compressed && e instanceof FrameTooLongException) {
                budget.inflated(peer, FrameHeader.MAX_MESSAGE_BYTES); // a bomb: inflating it up to the limit was the cost
            }
            offences.misbehaved(from, frame, peer, "frame", e);
            return;
        }
        if (compressed && whole.isPresent()) {
            budget.inflated(peer, whole.get().message().length);
        }
        if (whole.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(whole.get().message());
        } catch (MalformedMessageException e) {
            offences.misbehaved(from, frame, peer, "message", e);
            return;
        }
        faults.workingOn(from.name(), message.id());
        LinkRateLimits limits = from.rateLimits();
        PeerScores.Verdict pace = peers.messageReceived(peer, limits);
        if (pace != PeerScores.Verdict.TAKE) {
            offences.refuse(from, frame, peer, pace, RejectReason.RATE_LIMITED, message,
                    "more than " + limits.maxMessagesPerMinute() + " messages a minute");
            return;
        }
        if (Gate.isLinkLocal(message.kind())) {
            answerLinkLocal(from, frame, message);
            return;
        }
        MessageId id = message.id();
        Sender sender = new Sender(from, frame.from());
        List<Sender> alsoWaiting = storing.get(id);
        if (alsoWaiting != null) {
            // A copy is being stored right now (a re-send, or the same message from another peer): answered with it.
            if (!alsoWaiting.contains(sender)) {
                alsoWaiting.add(sender);
            }
            return;
        }
        boolean seen;
        try {
            // Read first so that a re-sent message meets the gate (and its transmit limits) only once.
            seen = store.seenSet().contains(id);
        } catch (StoreException e) {
            Logger.error("link {}: cannot read the seen-set for {}: {}", from.name(), id.shortHex(), e.getMessage());
            return;
        }
        if (seen) {
            PeerScores.Verdict replay = peers.seenAgain(peer, id, limits);
            if (replay != PeerScores.Verdict.TAKE) {
                offences.refuse(from, frame, peer, replay, RejectReason.DUPLICATE, message,
                        "already have it; sent again more than " + limits.maxReplays() + " times");
                return;
            }
            Logger.debug("link {}: {} already seen, acknowledging again", from.name(), id.shortHex());
            from.acknowledgeLater(frame.from(), id);
            return;
        }
        // Marking it seen and queueing it onward is one transaction: a crash leaves neither or both.
        // It is handed to the store without waiting, so that every message of a burst shares one
        // commit; the sender hears the ACK only once that commit is done.
        List<Sender> waiting = new ArrayList<>(1);
        waiting.add(sender);
        storing.put(id, waiting);
        store.receiveAsync(id, router.expiry(), router.onward(from, message, whole.get().hops()))
                .whenComplete((fresh, error) -> stationThread.execute(() -> stored(from, message, fresh, error)));
    }

    /** The commit holding {@code message} is done (or failed): deliver it and acknowledge every link that sent it. */
    private void stored(StationLink from, Message message, Boolean fresh, Throwable error) {
        MessageId id = message.id();
        faults.workingOn(from.name(), id);
        List<Sender> waiting = storing.remove(id);
        if (error != null) {
            // Not acknowledged: the sender keeps it and tries again once storage works.
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            Logger.error("link {}: cannot store {}: {}", from.name(), id.shortHex(), cause.getMessage());
            return;
        }
        if (fresh) {
            localDelivery.deliver(from.name(), message);
            pumpAllLinks.run();
        }
        if (waiting != null) {
            waiting.forEach(s -> s.link().acknowledgeLater(s.address(), id));
        }
    }

    /** Control for this link only: take the ACKs, answer a PING, note the rest. */
    private void answerLinkLocal(StationLink from, InboundFrame frame, Message message) {
        if (message instanceof AckMessage ack) {
            ack.ids().forEach(id -> from.acknowledged(frame.from(), id));
            ack.prefixes().forEach(prefix -> from.acknowledgedPrefix(frame.from(), prefix));
        } else if (message instanceof PingMessage ping) {
            from.reply(frame.from(), codec.encode(new PongMessage(ping.nonce())));
        } else if (message instanceof HelloMessage hello) {
            hellos.hear(from, frame, hello);
        } else if (message instanceof RejectMessage reject) {
            if (reject.reason() == RejectReason.DUPLICATE && reject.rejectedId().isPresent()) {
                // The far station holds it already (its seen-set is durable): as good as an ACK.
                from.acknowledged(frame.from(), reject.rejectedId().get());
            }
            Logger.warn("link {}: {} rejected {}: {} {}", from.name(), frame.from(),
                    reject.rejectedId().map(MessageId::shortHex).orElse("a message"), reject.reason(), reject.text());
        } else {
            Logger.debug("link {}: {} from {}", from.name(), message.kind(), frame.from());
        }
    }
}
