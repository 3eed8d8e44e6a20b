package org.skywave.transport.support;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * What every link keeps the same way: its URI, profile, state, writability, channel-busy flag and
 * counters, and the listener it reports to. A transport extends it and calls the
 * {@code change...}/{@code report...} methods; each reports a real change once, never anything
 * after {@link LinkState#CLOSED}, and a listener that throws is logged, never let through.
 *
 * <p>Frames are delivered on the caller's thread. Every other report runs on the {@code notifier}
 * given at construction: {@code Runnable::run} for a link that already reports from a thread of
 * its own (TCP's event loop, KISS's link thread), the clock's thread for the simulated link.
 */
public abstract class LinkBase implements Link {

    private final LinkUri uri;
    private final LinkListener listener;
    private final Executor notifier;
    private final LinkStats stats = new LinkStats();
    private final AtomicBoolean writable;
    private volatile LinkProfile profile;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile boolean channelBusy;

    protected LinkBase(LinkUri uri, LinkProfile profile, LinkListener listener, boolean initiallyWritable, Executor notifier) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.writable = new AtomicBoolean(initiallyWritable);
    }

    @Override
    public final LinkUri uri() {
        return uri;
    }

    @Override
    public final LinkProfile profile() {
        return profile;
    }

    @Override
    public final LinkState state() {
        return state;
    }

    @Override
    public final boolean isWritable() {
        return writable.get();
    }

    @Override
    public final boolean isChannelBusy() {
        return channelBusy;
    }

    @Override
    public final LinkStats stats() {
        return stats;
    }

    /**
     * Moves to {@code newState} and reports it; a repeated state, or any after CLOSED, is neither
     * taken nor reported.
     *
     * @return whether the state changed
     */
    protected final synchronized boolean changeState(LinkState newState, String detail) {
        if (state == LinkState.CLOSED || state == newState) {
            return false;
        }
        state = newState;
        Logger.info("{} {}: {}", uri, newState, detail);
        notify("state change to " + newState, () -> listener.onStateChanged(newState, detail));
        return true;
    }

    /** Reports the state the link starts in ({@link LinkState#CONNECTING}), for a link whose listener hears it from the start. */
    protected final synchronized void reportInitialState(String detail) {
        LinkState now = state;
        Logger.info("{} {}: {}", uri, now, detail);
        notify("state " + now, () -> listener.onStateChanged(now, detail));
    }

    /**
     * Reports a change of back-pressure (see {@link Link#isWritable()}); no report if it did not
     * change, nor once the link is closed.
     */
    protected final void changeWritability(boolean nowWritable) {
        if (writable.getAndSet(nowWritable) != nowWritable && state != LinkState.CLOSED) {
            notify("writability change", () -> listener.onWritabilityChanged(nowWritable));
        }
    }

    /** Takes {@code newProfile} (a modem changed speed) and reports it; no report if it is the same. */
    protected final void changeProfile(LinkProfile newProfile, String detail) {
        Objects.requireNonNull(newProfile, "newProfile");
        if (newProfile.equals(profile) || state == LinkState.CLOSED) {
            return;
        }
        profile = newProfile;
        Logger.info("{} profile now {}: {}", uri, newProfile, detail);
        notify("profile change", () -> listener.onProfileChanged(newProfile, detail));
    }

    /** The modem reports someone else on the air ({@code true}) or the channel free again. */
    protected final void changeChannelBusy(boolean busy) {
        if (channelBusy != busy) {
            channelBusy = busy;
            notify("channel busy change", () -> listener.onChannelBusy(busy));
        }
    }

    /** Reports a session with {@code peer} (see {@link LinkListener#onSession}). */
    protected final void reportSession(LinkAddress peer, SessionState sessionState, String detail) {
        Objects.requireNonNull(peer, "peer");
        Logger.info("{} session with {} {}: {}", uri, peer, sessionState, detail);
        notify("session " + sessionState + " with " + peer, () -> listener.onSession(peer, sessionState, detail));
    }

    /**
     * Hands one whole frame from {@code from} to the listener at once, on the caller's thread (the
     * link's own, which reads frames in order); the link counts it itself.
     */
    protected final void deliver(LinkAddress from, byte[] payload) {
        try {
            listener.onFrame(new InboundFrame(from, payload));
        } catch (RuntimeException e) {
            Logger.error(e, "{}: listener failed on a frame from {}", uri, from);
        }
    }

    private void notify(String what, Runnable call) {
        notifier.execute(() -> {
            try {
                call.run();
            } catch (RuntimeException e) {
                Logger.error(e, "{}: listener failed on {}", uri, what);
            }
        });
    }

    /**
     * Checks a frame given to {@code send} or {@code broadcast}: not null, not empty, not over
     * the MTU (the error names both sizes and the link).
     */
    protected final void checkFrame(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length == 0) {
            throw new IllegalArgumentException("frame is empty");
        }
        int mtu = profile.mtu();
        if (frame.length > mtu) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds the MTU " + mtu + " of " + uri);
        }
    }

    /**
     * Refuses a frame when {@code maxQueued} frames already wait for the {@code waitingFor} (the
     * link's bound on memory): counts it dropped and fails {@code future} with an error that names
     * the link and the limit.
     *
     * @return whether the frame was refused
     */
    protected final boolean refuseWhenQueueFull(int queued, int maxQueued, String waitingFor, CompletableFuture<?> future) {
        if (queued < maxQueued) {
            return false;
        }
        stats.droppedFrame();
        future.completeExceptionally(new TransportException("link " + uri + ": " + maxQueued + " frames already wait for the "
                + waitingFor + "; wait for writability before sending more"));
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + uri + ", " + state + "]";
    }
}
