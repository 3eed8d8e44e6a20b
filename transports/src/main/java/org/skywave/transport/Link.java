package org.skywave.transport;

import java.io.Closeable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One link to the outside: a TCP connection or listener, a radio channel through a TNC or
 * modem, or a simulated channel. It carries whole byte frames, no larger than
 * {@link LinkProfile#mtu()}.
 *
 * <p>A link sends to one peer ({@link #send(LinkAddress, byte[])}) or to all
 * ({@link #broadcast}). Links with sessions report each peer's session
 * ({@link LinkListener#onSession}); some open them only when asked ({@link #opensSessionsOnDemand}).
 *
 * <p>Inbound frames, state, session and profile changes go to the {@link LinkListener} given when
 * the link was opened, on a thread of the link's own; the listener must not block it for long.
 */
public interface Link extends Closeable {

    /** The URI this link was opened from, as given. */
    LinkUri uri();

    /**
     * The figures of this link now: MTU, bitrate, duplex, overhead, turnaround, and whether it
     * delivers reliably itself. They may change during the link's life; each change is reported
     * by {@link LinkListener#onProfileChanged}.
     */
    LinkProfile profile();

    LinkState state();

    /**
     * Queues one frame for {@code to}, one peer of this link: over the session with it on a
     * link with sessions (TCP, VARA, the simulated connected mode), or addressed to it on a
     * connectionless radio link (an AX.25 UI frame to that callsign, JS8Call directed text).
     * The future completes when the frame has left this station (written to the socket, handed
     * to the TNC or modem, or aired on a simulated channel) and fails with a
     * {@link TransportException} if the link cannot carry it: closed, or no session with
     * {@code to} on a link with sessions. It never completes before the frame was accepted.
     *
     * @param to the peer as {@link InboundFrame#from()}, {@link LinkListener#onSession} or
     *           {@link #peerAddress(String)} named it
     * @throws IllegalArgumentException if the frame is empty or longer than the MTU
     */
    CompletableFuture<Void> send(LinkAddress to, byte[] frame);

    /**
     * Queues one frame for every peer of the link: the far end of a point-to-point link, every
     * connected client of a listener, every station on a radio channel (a KISS link sends a UI
     * frame to its configured destination). Completes and fails as {@link #send(LinkAddress, byte[])}.
     *
     * @throws IllegalArgumentException if the frame is empty or longer than the MTU
     */
    CompletableFuture<Void> broadcast(byte[] frame);

    /**
     * The address of a peer as an operator writes it ({@code N0CALL-2}, {@code 127.0.0.1:8333}),
     * equal to the one the peer's frames arrive from: what the station uses to send to, or open a
     * session with, a far station named in the configuration.
     *
     * @throws IllegalArgumentException if {@code text} is not an address of this kind of link,
     *                                  with the text and the expected form
     */
    LinkAddress peerAddress(String text);

    /**
     * True if frames to a peer flow in a session with it, reported by {@link LinkListener#onSession}
     * (TCP connections, VARA, the simulated connected mode): the station then introduces itself
     * per session and addresses its replies. False (the default) for a link without sessions
     * (KISS UI frames, JS8Call), where it says HELLO to the channel when the link comes up.
     */
    default boolean hasSessions() {
        return opensSessionsOnDemand();
    }

    /**
     * True where every byte costs seconds of a shared channel (a text link such as JS8Call): the
     * station acknowledges with short id prefixes there instead of whole 32-byte ids
     * (docs/PROTOCOL.md 1.5.13). False (the default) everywhere else.
     */
    default boolean prefersShortIds() {
        return false;
    }

    /**
     * True if sessions are opened only when asked ({@link #openSession}): a connected modem such
     * as VARA, where a session keys the transmitter and holds the channel. Such a link closes a
     * session that carried no frame for its idle time (a URI parameter of the link) and reports it
     * {@link SessionState#DOWN}. False (the default) for links whose sessions come and go on their
     * own (a TCP client dials at once, a listener takes what comes) or that have none (KISS UI).
     */
    default boolean opensSessionsOnDemand() {
        return false;
    }

    /**
     * Starts opening a session with {@code peer}; returns at once. The listener hears
     * {@link SessionState#OPENING}, then {@link SessionState#UP} or {@link SessionState#FAILED}
     * with the reason. Asking again for a session that is up or opening does nothing.
     *
     * @throws UnsupportedOperationException if the link does not {@linkplain #opensSessionsOnDemand open sessions on demand}
     */
    default void openSession(LinkAddress peer) {
        Objects.requireNonNull(peer, "peer");
        throw new UnsupportedOperationException("link " + uri() + " does not open sessions on demand");
    }

    /**
     * Closes the session with {@code peer} once what was queued to it has gone out; the listener
     * hears {@link SessionState#CLOSING} and then {@link SessionState#DOWN}. Does nothing if there
     * is no such session, and on a link without sessions (the default).
     */
    default void closeSession(LinkAddress peer, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * True while the modem or TNC reports someone else on the air (VARA's BUSY): a station does
     * not open a session then. False (the default) for links that cannot tell.
     */
    default boolean isChannelBusy() {
        return false;
    }

    /**
     * Back-pressure: false while the link (or its TNC or modem) already holds as much as it can
     * air soon. A sender should wait for {@link LinkListener#onWritabilityChanged(boolean)}.
     * Frames sent anyway are queued, not dropped.
     */
    boolean isWritable();

    /**
     * Drops {@code peer} and refuses it for {@code refuseFor}: what a station does to a peer past
     * its ban score. A link with connections closes every connection of that peer (after what was
     * already queued to it) and takes no new one from it until the time is up; a link that dials
     * out does not redial that peer before then. Returns at once; the closing happens on the
     * link's own thread.
     *
     * <p>The default does nothing and returns false: a radio channel has no connection to close
     * and cannot stop anyone from keying up, so there the ban is the station ignoring that
     * callsign's frames for the same time, which is the radio equivalent of a disconnect.
     *
     * @param peer      the peer as {@link InboundFrame#from()} named it
     * @param refuseFor how long to refuse it; not negative
     * @param reason    why, for the log and the link state
     * @return true if this link dropped the peer (or had no connection of it) and refuses it for
     *         {@code refuseFor}; false if it cannot, the peer is not one of its own, or it is closed
     * @throws IllegalArgumentException if {@code refuseFor} is negative
     */
    default boolean disconnect(LinkAddress peer, Duration refuseFor, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        if (refuseFor.isNegative()) {
            throw new IllegalArgumentException("refuseFor is negative: " + refuseFor);
        }
        return false;
    }

    /** Link-level counters, for status and benchmarks. */
    LinkStats stats();

    /** Stops the link; later sends fail. Idempotent. */
    @Override
    void close();
}
