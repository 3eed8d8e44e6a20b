package org.skywave.transport;

import java.io.Closeable;
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

    /** Link-level counters, for status and benchmarks. */
    LinkStats stats();

    /** Stops the link; later sends fail. Idempotent. */
    @Override
    void close();
}
