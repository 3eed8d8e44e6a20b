package org.skywave.bridge.station;

import java.util.Optional;
import org.skywave.bridge.framing.ReassembledMessage;
import org.skywave.bridge.gate.Gate;
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

    Inbound(MessageStore store, PeerScores peers, MessageCodec codec, Router router, Offences offences,
            Hellos hellos, LocalDelivery localDelivery, Runnable pumpAllLinks) {
        this.store = store;
        this.peers = peers;
        this.codec = codec;
        this.router = router;
        this.offences = offences;
        this.hellos = hellos;
        this.localDelivery = localDelivery;
        this.pumpAllLinks = pumpAllLinks;
    }

    void onFrame(StationLink from, InboundFrame frame) {
        // Peers are told apart by link as well: the same callsign on two radio links is two peers.
        String peer = from.name() + "/" + frame.from();
        if (peers.dropIfBanned(peer)) {
            return;
        }
        Optional<ReassembledMessage> whole;
        try {
            whole = from.reassemble(frame);
        } catch (MalformedFrameException e) {
            offences.misbehaved(from, frame, peer, "frame", e);
            return;
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
