package org.skywave.transport.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * One end of a {@link SimChannel}: a station that sends frames onto the simulated air and hears
 * the other end's. Opened by {@link SimTransport}; listener callbacks run on the clock's thread.
 */
public final class SimLink implements Link {

    /** Back-pressure: not writable while more than this many frames wait to be aired (a TNC's usual small buffer). */
    public static final int MAX_WAITING_FRAMES = 4;
    /** ...or while the frames waiting need more than this much air time, so slow modes hold little. */
    public static final Duration MAX_WAITING_AIRTIME = Duration.ofSeconds(2);

    /** A frame accepted by {@link #send} and not yet on the air. */
    record Pending(long sequence, byte[] frame, CompletableFuture<Void> future, long airNanos) {
    }

    private final LinkUri uri;
    private final SimChannel channel;
    private final SimTransportConfig config;
    private final SimAddress address;
    private final LinkListener listener;
    private final LinkStats stats = new LinkStats();
    /** Shared with the other end on a half-duplex channel. Guarded, like the fields below, by the channel's lock. */
    final SimChannel.Transmitter transmitter;
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    long waitingNanos;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile boolean writable = true;

    SimLink(LinkUri uri, SimChannel channel, SimTransportConfig config, SimAddress address, LinkListener listener,
            SimChannel.Transmitter transmitter) {
        this.uri = uri;
        this.channel = channel;
        this.config = config;
        this.address = address;
        this.listener = listener;
        this.transmitter = transmitter;
    }

    @Override
    public LinkUri uri() {
        return uri;
    }

    @Override
    public LinkProfile profile() {
        return config.profile();
    }

    @Override
    public LinkState state() {
        return state;
    }

    /** This station's address on the channel: what the other end sees as the sender. */
    public SimAddress address() {
        return address;
    }

    public SimChannel channel() {
        return channel;
    }

    public SimTransportConfig config() {
        return config;
    }

    /**
     * Queues a frame for the air. The future completes when the frame has finished airing, and
     * fails with a {@link org.skywave.transport.TransportException} at once if the link is not
     * UP, or later if the link closes or the channel drops before it has aired.
     */
    @Override
    public CompletableFuture<Void> broadcast(byte[] frame) {
        checkFrame(frame);
        return channel.enqueue(this, frame.clone());
    }

    /**
     * Queues a frame for the station {@code to}, which must be the other end of the channel;
     * otherwise the future fails at once, as a frame to a station nobody hears.
     */
    @Override
    public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
        Objects.requireNonNull(to, "to");
        checkFrame(frame);
        SimAddress peer = channel.peerOf(this);
        if (!to.equals(peer)) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri + ": no station " + to
                    + " on channel " + channel.name() + (peer == null ? " (no other end)" : " (the other end is " + peer + ")")));
        }
        return channel.enqueue(this, frame.clone());
    }

    /** A station name on the channel: its callsign, or {@code A} / {@code B}. */
    @Override
    public LinkAddress peerAddress(String text) {
        return new SimAddress(text);
    }

    private void checkFrame(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length == 0) {
            throw new IllegalArgumentException("frame is empty");
        }
        if (frame.length > profile().mtu()) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds the MTU " + profile().mtu() + " of " + uri);
        }
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

    @Override
    public void close() {
        channel.close(this);
    }

    // Called by the channel with its lock held; listener callbacks go through the clock.

    void changeState(LinkState newState, String detail) {
        if (state == LinkState.CLOSED || state == newState) {
            return;
        }
        state = newState;
        Logger.debug("{} {}: {}", uri, newState, detail);
        channel.clock().schedule(Duration.ZERO, () -> {
            try {
                listener.onStateChanged(newState, detail);
            } catch (RuntimeException e) {
                Logger.error(e, "{}: listener failed on state change to {}", uri, newState);
            }
        });
    }

    void updateWritability() {
        boolean now = waiting.size() <= MAX_WAITING_FRAMES && waitingNanos <= MAX_WAITING_AIRTIME.toNanos();
        if (now != writable) {
            writable = now;
            channel.clock().schedule(Duration.ZERO, () -> {
                try {
                    listener.onWritabilityChanged(now);
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: listener failed on writability change", uri);
                }
            });
        }
    }

    /** Called on the clock's thread without the channel's lock. */
    void deliver(SimAddress from, byte[] payload) {
        try {
            listener.onFrame(new InboundFrame(from, payload));
        } catch (RuntimeException e) {
            Logger.error(e, "{}: listener failed on a frame from {}", uri, from);
        }
    }

    @Override
    public String toString() {
        return "SimLink[" + uri + " as " + address + ", " + state + "]";
    }
}
