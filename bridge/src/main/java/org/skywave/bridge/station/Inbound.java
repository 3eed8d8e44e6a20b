package org.skywave.bridge.station;

import java.util.Optional;
import org.skywave.bridge.framing.FrameHeader;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.gate.Gate;
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
import org.skywave.transport.MalformedFrameException;
import org.tinylog.Logger;

/**
 * Takes every frame a link received: drops a banned sender's, reassembles and decodes, paces
 * the peer, answers link-local control (ACK, PING, HELLO, REJECT), and stores a new message with
 * its onward queue entries in one transaction before handing it to the local nodes and
 * acknowledging it. Station thread only.
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
    private final InboundBudget budget;
    private final LogThrottle throttle;

    Inbound(MessageStore store, PeerScores peers, MessageCodec codec, Router router, Offences offences,
            Hellos hellos, InboundBudget budget, LogThrottle throttle, LocalDelivery localDelivery, Runnable pumpAllLinks) {
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
        PeerScores.Verdict pace = peers.messageReceived(peer);
        if (pace != PeerScores.Verdict.TAKE) {
            offences.refuse(from, frame, peer, pace, RejectReason.RATE_LIMITED, Optional.empty(),
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
                    && store.receive(id, router.expiry(), router.onward(from, message, whole.get().hops()));
            if (fresh) {
                localDelivery.deliver(from.name(), message);
                pumpAllLinks.run();
            } else {
                PeerScores.Verdict replay = peers.seenAgain(peer, id);
                if (replay != PeerScores.Verdict.TAKE) {
                    offences.refuse(from, frame, peer, replay, RejectReason.DUPLICATE, Optional.of(id),
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
        from.acknowledgeLater(frame.from(), id);
    }

    /** Control for this link only: take the ACKs, answer a PING, note the rest. */
    private void answerLinkLocal(StationLink from, InboundFrame frame, Message message) {
        if (message instanceof AckMessage ack) {
            ack.ids().forEach(from::acknowledged);
            ack.prefixes().forEach(from::acknowledgedPrefix);
        } else if (message instanceof PingMessage ping) {
            from.reply(frame.from(), codec.encode(new PongMessage(ping.nonce())));
        } else if (message instanceof HelloMessage hello) {
            hellos.hear(from, frame, hello);
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
}
