package org.skywave.bridge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.skywave.bridge.gate.LogThrottle;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.MessageLimits;
import org.skywave.bridge.message.RejectMessage;
import org.skywave.bridge.message.RejectReason;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.MalformedFrameException;
import org.tinylog.Logger;

/**
 * What a station does about a peer that misbehaves: answers malformed input, floods and replays
 * with a REJECT at the peer's REJECT pace, raises its ban score, and drops a peer that crossed it.
 * Station thread only.
 */
final class Offences {

    private final PeerScores peers;
    private final StationExecutor executor;
    private final MessageCodec codec;
    private final LogThrottle throttle;
    private final RecentEvents events;

    Offences(PeerScores peers, StationExecutor executor, MessageCodec codec, LogThrottle throttle, RecentEvents events) {
        this.peers = peers;
        this.executor = executor;
        this.codec = codec;
        this.throttle = throttle;
        this.events = events;
    }

    /**
     * Answers malformed input from {@code peer} with a REJECT (at most one per peer per
     * {@link PeerScores.Limits#rejectInterval}, so garbage on the air is not answered by a stream
     * of REJECTs) and raises the peer's ban score.
     */
    void misbehaved(StationLink from, InboundFrame frame, String peer, String what, MalformedFrameException e) {
        from.link().stats().malformedFrame();
        RejectReason reason = reasonFor(e);
        OptionalInt kind = e instanceof MalformedMessageException m ? m.readKind() : OptionalInt.empty();
        PeerScores.Offence offence = reason == RejectReason.UNKNOWN_KIND ? PeerScores.Offence.UNKNOWN_KIND : PeerScores.Offence.MALFORMED;
        boolean banned = peers.offence(peer, offence, e.getMessage());
        // One line per peer and reason per interval, whatever the rate of garbage, with the count of the rest.
        long held = throttle.permit(peer + " " + what + " " + reason);
        if (held >= 0) {
            Logger.warn("link {}: dropped a malformed {} from {} (score {} of {}): {}{}", from.name(), what, peer,
                    peers.score(peer), peers.limits().banScore(), e.getMessage(), LogThrottle.heldBack(held));
        }
        if (kind.equals(OptionalInt.of(MessageKind.REJECT.code()))) {
            // A REJECT is never answered, whatever is wrong with it (docs/PROTOCOL.md 1.5.14): two stations
            // that each found the other's REJECT malformed would answer each other for ever.
            if (banned) {
                disconnect(from, frame);
            }
            return;
        }
        reject(from, frame, peer, banned, reason, Optional.empty(), kind, e.getMessage());
    }

    /** TOO_LARGE for anything over a size limit (a frame, a message, a Deflate bomb), else what the decoder said. */
    private static RejectReason reasonFor(MalformedFrameException e) {
        if (e instanceof FrameTooLongException) {
            return RejectReason.TOO_LARGE;
        }
        return e instanceof MalformedMessageException m ? m.rejectReason() : RejectReason.MALFORMED;
    }

    /**
     * Refuses a message that decoded but broke a limit (a flood, a replay): not handled and not
     * acknowledged, but answered like malformed input.
     */
    void refuse(StationLink from, InboundFrame frame, String peer, PeerScores.Verdict verdict, RejectReason reason,
            Message refused, String text) {
        Logger.debug("link {}: refused {} {} from {} ({}): {}", from.name(), refused.kind(), refused.id().shortHex(), peer,
                reason, text);
        if (refused.kind() == MessageKind.REJECT) {
            return; // never answered, even when refused (a flood of REJECTs)
        }
        // Named by id and kind, so that the sender can tell which of its messages was refused.
        reject(from, frame, peer, verdict == PeerScores.Verdict.BAN, reason, Optional.of(refused.id()),
                OptionalInt.of(refused.kind().code()), text);
    }

    /**
     * Answers an offence with a REJECT at the peer's REJECT pace, {@code BANNED} if the offence
     * banned the peer, and then drops a banned peer.
     */
    private void reject(StationLink from, InboundFrame frame, String peer, boolean banned, RejectReason reason,
            Optional<MessageId> id, OptionalInt kind, String text) {
        if (peers.mayReject(peer)) {
            from.reply(frame.from(), codec.encode(new RejectMessage(banned ? RejectReason.BANNED : reason, id, kind,
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
        String outcome = dropped ? "disconnected, refused until then" : "its frames are ignored until then";
        Logger.info("link {}: {} banned until {}: {}", from.name(), frame.from(), until, outcome);
        events.add("link " + from.name(), frame.from() + " banned until " + until + ": " + outcome);
    }
}
