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
 * <p>Inbound frames and state changes go to the {@link LinkListener} given when the link was
 * opened, on a thread of the link's own; the listener must not block it for long.
 */
public interface Link extends Closeable {

    /** The URI this link was opened from, as given. */
    LinkUri uri();

    /** The figures of this link: MTU, bitrate, duplex, overhead, turnaround. */
    LinkProfile profile();

    LinkState state();

    /**
     * Queues one frame for sending to every peer of the link (the far end of a point-to-point
     * link, every connected client of a listener, every station on a radio channel).
     * The future completes when the frame has left this station (written to the socket, handed
     * to the TNC, or aired on a simulated channel) and fails with a {@link TransportException}
     * if the link cannot carry it. It never completes before the frame was accepted.
     *
     * @throws IllegalArgumentException if the frame is empty or longer than the MTU
     */
    CompletableFuture<Void> send(byte[] frame);

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
