package org.skywave.transport.sim;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.LinkBase;

/**
 * One end of a {@link SimChannel}: a station that sends frames onto the simulated air and hears
 * the other end's. Opened by {@link SimTransport}; listener callbacks run on the clock's thread.
 */
public final class SimLink extends LinkBase {

    /** Back-pressure: not writable while more than this many frames wait to be aired (a TNC's usual small buffer). */
    public static final int MAX_WAITING_FRAMES = 4;
    /** ...or while the frames waiting need more than this much air time, so slow modes hold little. */
    public static final Duration MAX_WAITING_AIRTIME = Duration.ofSeconds(2);

    /** A frame accepted by {@link #send} and not yet on the air. */
    record Pending(long sequence, byte[] frame, CompletableFuture<Void> future, long airNanos) {
    }

    private final SimChannel channel;
    private final SimTransportConfig config;
    private final SimAddress address;
    /** Shared with the other end on a half-duplex channel. Guarded, like the fields below, by the channel's lock. */
    final SimChannel.Transmitter transmitter;
    final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    long waitingNanos;

    SimLink(LinkUri uri, SimChannel channel, SimTransportConfig config, SimAddress address, LinkListener listener,
            SimChannel.Transmitter transmitter) {
        super(uri, config.profile(), listener, true, task -> channel.clock().schedule(Duration.ZERO, task));
        this.channel = channel;
        this.config = config;
        this.address = address;
        this.transmitter = transmitter;
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
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + ": no station " + to
                    + " on channel " + channel.name() + (peer == null ? " (no other end)" : " (the other end is " + peer + ")")));
        }
        return channel.enqueue(this, frame.clone());
    }

    /** True in the connected mode ({@code session=on-demand}). */
    @Override
    public boolean opensSessionsOnDemand() {
        return config.sessions();
    }

    @Override
    public boolean hasSessions() {
        return config.sessions();
    }

    /** Calls {@code peer}; see {@link SimChannel} for what follows. */
    @Override
    public void openSession(LinkAddress peer) {
        Objects.requireNonNull(peer, "peer");
        if (!config.sessions()) {
            throw new UnsupportedOperationException("link " + uri() + " has no sessions (add session=on-demand)");
        }
        channel.call(this, peer);
    }

    @Override
    public void closeSession(LinkAddress peer, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        if (config.sessions()) {
            channel.hangUp(this, peer, reason);
        }
    }

    /** For the channel, whose figures changed. */
    void profileChangedTo(LinkProfile now, String detail) {
        changeProfile(now, detail);
    }

    /** For the channel, which reports sessions with its lock held. */
    void sessionChanged(LinkAddress peer, SessionState sessionState, String detail) {
        reportSession(peer, sessionState, detail);
    }

    /** A station name on the channel: its callsign, or {@code A} / {@code B}. */
    @Override
    public LinkAddress peerAddress(String text) {
        return new SimAddress(text);
    }

    @Override
    public void close() {
        channel.close(this);
    }

    // Called by the channel with its lock held; listener callbacks go through the clock.

    void updateWritability() {
        changeWritability(waiting.size() <= MAX_WAITING_FRAMES && waitingNanos <= MAX_WAITING_AIRTIME.toNanos());
    }

    /** Called on the clock's thread without the channel's lock. */
    void arrived(SimAddress from, byte[] payload) {
        deliver(from, payload);
    }

    /** For the channel, which reports state changes with its lock held. */
    void changeStateTo(LinkState newState, String detail) {
        changeState(newState, detail);
    }

    @Override
    public String toString() {
        return "SimLink[" + uri() + " as " + address + ", " + state() + "]";
    }
}
