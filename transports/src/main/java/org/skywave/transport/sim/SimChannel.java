package org.skywave.transport.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * The simulated air between two stations. A frame of N bytes occupies the channel for
 * {@link LinkProfile#airtime(int)}; on a half-duplex channel one frame is on the air at a time,
 * in the order the frames were sent, and a change of transmitting side waits the profile's
 * turnaround first. Frames go in transmissions, as a TNC sends them: the first frame of a
 * transmission also costs the profile's {@link LinkProfile#keyUp} (TX delay and tail), and a frame
 * the same side hands over before its last frame's TX tail has ended joins that transmission. A frame that has aired is lost with its sender's loss probability (seeded
 * random), otherwise delivered after its sender's latency.
 *
 * <p>{@link #setConnected(boolean)} simulates an outage: both ends go DOWN, queued and airing
 * frames fail, sends fail at once, and frames still in flight are lost.
 *
 * <p>In the connected mode ({@code session=on-demand}, as a VARA modem) each end is UP as soon as
 * it is open, like a modem that is ready, and frames flow only in a session: one end calls the
 * other ({@link SimLink#openSession}); after {@link #CALL_TIME} the session is UP at both ends if
 * the other end is there, or FAILED at the caller if not. A session that carried no frame for the
 * caller's idle time is closed, as is one whose other end leaves. A connected-mode channel is a
 * net: any number of stations may join it, one session at a time is up between two of them
 * (a call while it is up fails as busy), and its frames reach only the other end of the session.
 */
public final class SimChannel {

    /** Who is on the air: one for a half-duplex channel, one per end for a full-duplex one. Guarded by the channel's lock. */
    static final class Transmitter {
        private boolean busy;
        private long freeAt;
        private SimLink lastSender;
        private SimLink.Pending current;
        /** Whether {@link #current} opened its transmission, so that its key-up counts as sent bytes. */
        private boolean currentKeyedUp;
    }

    /** A call and its answer on the air, as a VARA connect takes a few seconds. */
    public static final Duration CALL_TIME = Duration.ofSeconds(6);

    /** The connected mode's session: none, being called, or up. Guarded by the lock. */
    private enum Session { NONE, CALLING, UP }

    private final String name;
    private final SimClock clock;
    private final Random random;
    /** The profile both ends joined with; {@link #changeProfile} changes the one the channel runs at. */
    private final LinkProfile joinProfile;
    private volatile LinkProfile profile;
    private final Runnable onBothClosed;
    private final Object lock = new Object();
    private final Transmitter halfDuplexAir = new Transmitter();
    /**
     * The ends in the order they joined: two at most without sessions; in the connected mode as
     * many stations as join (one net on one frequency), of which two at a time hold the session.
     */
    private final List<SimLink> ends = new ArrayList<>();
    private boolean connected = true;
    /** Bumped by every outage and close, so timers set before it know their frame is gone. */
    private long generation;
    private long sequence;
    private Session session = Session.NONE;
    private SimLink caller;
    private LinkAddress calledPeer;
    /** The end that answered the call, while the session is UP. */
    private SimLink callee;
    /** Bumped whenever a session starts or ends, so timers of an old one do nothing. */
    private long sessionGeneration;
    private long lastActivityNanos;

    SimChannel(String name, SimClock clock, Random random, LinkProfile profile, Runnable onBothClosed) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.joinProfile = profile;
        this.onBothClosed = Objects.requireNonNull(onBothClosed, "onBothClosed");
    }

    public String name() {
        return name;
    }

    /** The profile the channel runs at now: its first end's, unless {@link #changeProfile} changed it. */
    public LinkProfile profile() {
        return profile;
    }

    /**
     * Changes the channel's figures, as a VARA modem changes speed level within a session: frames
     * aired from now on take the new airtime, and both ends report the new profile.
     */
    public void changeProfile(LinkProfile now, String detail) {
        synchronized (lock) {
            profile = Objects.requireNonNull(now, "now");
            for (SimLink end : openEnds()) {
                end.profileChangedTo(now, detail);
            }
        }
    }

    public boolean isConnected() {
        synchronized (lock) {
            return connected;
        }
    }

    /**
     * Breaks or restores the channel. While disconnected both ends report DOWN and sends fail at
     * once; frames queued or on the air fail; reconnecting reports UP on both (if both are open).
     */
    public void setConnected(boolean nowConnected) {
        List<SimLink.Pending> failed = List.of();
        synchronized (lock) {
            if (connected == nowConnected) {
                return;
            }
            connected = nowConnected;
            if (!nowConnected) {
                endSession(SessionState.DOWN, "channel " + name + " disconnected");
                failed = abortAll();
                for (SimLink end : openEnds()) {
                    end.changeStateTo(LinkState.DOWN, "channel " + name + " disconnected");
                }
            } else {
                List<SimLink> open = openEnds();
                for (SimLink end : open) {
                    end.changeStateTo(open.size() == 2 || end.config().sessions() ? LinkState.UP : LinkState.CONNECTING, open.size() == 2
                            ? "channel " + name + " reconnected" : "channel " + name + " reconnected; waiting for the other end");
                }
            }
        }
        fail(failed, "channel " + name + " disconnected");
    }

    /** The connected mode: {@code from} calls the station {@code peer}. Lock not held by the caller. */
    void call(SimLink from, LinkAddress peer) {
        synchronized (lock) {
            if (from.state() != LinkState.UP) {
                from.sessionChanged(peer, SessionState.FAILED, "the modem is not ready (" + from.state() + ")");
                return;
            }
            SimLink other = partner(from);
            boolean same = (session == Session.CALLING && caller == from && peer.equals(calledPeer))
                    || (session == Session.UP && other != null && other.address().equals(peer));
            if (same) {
                return; // that call is under way, or that session up already
            }
            if (session != Session.NONE) {
                // The far station called first, or a call to another station is under way: this one does not go out.
                from.sessionChanged(peer, SessionState.FAILED, "channel " + name + " busy with another session");
                return;
            }
            session = Session.CALLING;
            caller = from;
            calledPeer = peer;
            long gen = ++sessionGeneration;
            from.sessionChanged(peer, SessionState.OPENING, "calling " + peer + " on channel " + name);
            clock.schedule(CALL_TIME, () -> answer(from, peer, gen));
        }
    }

    private void answer(SimLink from, LinkAddress peer, long gen) {
        synchronized (lock) {
            if (gen != sessionGeneration || session != Session.CALLING) {
                return;
            }
            SimLink other = endAt(peer);
            if (other == null || other == from || other.state() != LinkState.UP || !connected) {
                session = Session.NONE;
                caller = null;
                sessionGeneration++;
                from.sessionChanged(peer, SessionState.FAILED, "no answer from " + peer + " on channel " + name);
                return;
            }
            session = Session.UP;
            callee = other;
            lastActivityNanos = clock.nanoTime();
            from.sessionChanged(other.address(), SessionState.UP, "connected to " + other.address());
            other.sessionChanged(from.address(), SessionState.UP, "called by " + from.address());
            scheduleIdleCheck(from.config().idle(), gen);
        }
    }

    private void scheduleIdleCheck(Duration idle, long gen) {
        long due = lastActivityNanos + idle.toNanos() - clock.nanoTime();
        clock.schedule(Duration.ofNanos(Math.max(due, 1)), () -> {
            synchronized (lock) {
                if (gen != sessionGeneration || session != Session.UP) {
                    return;
                }
                if (clock.nanoTime() - lastActivityNanos >= idle.toNanos() && !airBusy()) {
                    endSession(SessionState.DOWN, "idle for " + idle.toSeconds() + " s");
                } else {
                    scheduleIdleCheck(idle, gen);
                }
            }
        });
    }

    /** Closes the session at the request of {@code from}. Lock not held by the caller. */
    void hangUp(SimLink from, LinkAddress peer, String reason) {
        synchronized (lock) {
            SimLink other = partner(from);
            if (session == Session.NONE || (session == Session.UP && (other == null || !other.address().equals(peer)))
                    || (session == Session.CALLING && from != caller)) {
                return;
            }
            endSession(SessionState.DOWN, reason);
        }
    }

    /** Ends a session being called or up: CLOSING then {@code end} at both ends that had it. Lock held. */
    private void endSession(SessionState end, String reason) {
        if (session == Session.NONE) {
            return;
        }
        Session was = session;
        session = Session.NONE;
        sessionGeneration++;
        SimLink opener = caller;
        SimLink other = callee;
        caller = null;
        callee = null;
        if (was == Session.CALLING) {
            opener.sessionChanged(calledPeer, SessionState.FAILED, reason);
            return;
        }
        for (SimLink end1 : new SimLink[] {opener, other}) {
            if (end1 != null && end1.state() != LinkState.CLOSED) {
                SimLink far = end1 == opener ? other : opener;
                end1.sessionChanged(far.address(), SessionState.CLOSING, reason);
                end1.sessionChanged(far.address(), end, reason);
            }
        }
    }

    private boolean airBusy() {
        for (SimLink end : ends) {
            if (end.transmitter.busy || !end.waiting.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    SimClock clock() {
        return clock;
    }

    /**
     * Adds an end: without sessions the first and second open of a channel name are its two ends
     * and a third is refused; in the connected mode every station that opens it joins the net.
     */
    SimLink attach(LinkUri uri, SimTransportConfig config, LinkListener listener) throws TransportException {
        synchronized (lock) {
            SimLink endA = ends.isEmpty() ? null : ends.get(0);
            if (ends.size() >= 2 && !(config.sessions() && endA.config().sessions())) {
                throw new TransportException("link " + uri + ": simulated channel '" + name + "' already has its two ends ("
                        + endA.address() + " and " + ends.get(1).address() + "); name another with channel=NAME"
                        + " (only session=on-demand channels take more stations)");
            }
            if (endA != null && config.sessions() != endA.config().sessions()) {
                throw new TransportException("link " + uri + ": simulated channel '" + name + "' is "
                        + (endA.config().sessions() ? "" : "not ") + "in the connected mode (session=on-demand); every end"
                        + " must be alike");
            }
            if (!config.profile().equals(joinProfile)) {
                throw new TransportException("link " + uri + ": simulated channel '" + name + "' runs " + joinProfile
                        + " but this end asks for " + config.profile());
            }
            boolean first = endA == null;
            SimAddress address = new SimAddress(config.callsign() != null ? config.callsign()
                    : String.valueOf((char) ('A' + ends.size())));
            if (endAt(address) != null) {
                throw new TransportException("link " + uri + ": station " + address + " is already on simulated channel '" + name + "'");
            }
            Transmitter transmitter = profile.duplex() == LinkProfile.Duplex.HALF ? halfDuplexAir : new Transmitter();
            SimLink link = new SimLink(uri, this, config, address, listener, transmitter);
            ends.add(link);
            if (config.sessions()) {
                if (connected) {
                    link.changeStateTo(LinkState.UP, "modem ready on channel " + name);
                }
                return link;
            }
            if (!first) {
                if (connected && endA.state() != LinkState.CLOSED) {
                    endA.changeStateTo(LinkState.UP, "station " + address + " joined channel " + name);
                    link.changeStateTo(LinkState.UP, "joined channel " + name + " with station " + endA.address());
                } else {
                    link.changeStateTo(LinkState.DOWN, endA.state() == LinkState.CLOSED
                            ? "the other end of channel " + name + " is closed" : "channel " + name + " disconnected");
                }
            }
            return link;
        }
    }

    /** The end {@code end} exchanges frames with: the other of the two, or in the connected mode its session's far end (or null). Lock held. */
    private SimLink partner(SimLink end) {
        if (!end.config().sessions()) {
            for (SimLink other : ends) {
                if (other != end) {
                    return other;
                }
            }
            return null;
        }
        if (session != Session.UP) {
            return null;
        }
        return end == caller ? callee : end == callee ? caller : null;
    }

    /** The end whose station is {@code address}, or null. Lock held. */
    private SimLink endAt(LinkAddress address) {
        for (SimLink end : ends) {
            if (end.address().equals(address)) {
                return end;
            }
        }
        return null;
    }

    /** The address of the end opposite {@code end}, or null while it has none. */
    SimAddress peerOf(SimLink end) {
        synchronized (lock) {
            SimLink other = partner(end);
            return other == null ? null : other.address();
        }
    }

    CompletableFuture<Void> enqueue(SimLink from, byte[] frame) {
        synchronized (lock) {
            if (from.state() != LinkState.UP) {
                return CompletableFuture.failedFuture(new TransportException("link " + from.uri() + " cannot send: " + whyNotUp(from)));
            }
            if (from.config().sessions() && partner(from) == null) {
                return CompletableFuture.failedFuture(new TransportException("link " + from.uri() + " has no session"
                        + (session == Session.CALLING && caller == from ? " yet (calling)" : "; open one first")));
            }
            lastActivityNanos = clock.nanoTime();
            CompletableFuture<Void> future = new CompletableFuture<>();
            SimLink.Pending pending = new SimLink.Pending(sequence++, frame, future, profile.airtime(frame.length).toNanos());
            from.waiting.add(pending);
            from.waitingNanos += pending.airNanos();
            if (!from.transmitter.busy) {
                startNext(from.transmitter);
            }
            // After the start, so a frame that goes straight on the air never counts as waiting.
            from.updateWritability();
            return future;
        }
    }

    private String whyNotUp(SimLink end) {
        if (end.state() == LinkState.CLOSED) {
            return "it is closed";
        }
        if (!connected) {
            return "channel " + name + " is disconnected";
        }
        return "the other end of channel " + name + " is not open";
    }

    /** Puts the oldest waiting frame of the ends sharing {@code air} on it, after a turnaround if the side changes. */
    private void startNext(Transmitter air) {
        long now = clock.nanoTime();
        long keyUp = profile.keyUp().toNanos();
        SimLink sender = keepsTheAir(air, now, keyUp) ? air.lastSender : oldestWaiting(air);
        if (sender == null) {
            air.busy = false;
            return;
        }
        if (sender != air.lastSender && air.lastSender != null && now < air.freeAt + keyUp / 4) {
            // The last side's TX tail still holds the channel, and a frame it hands over meanwhile
            // joins its transmission: the other side may start only once the tail has ended.
            air.busy = false;
            long gen = generation;
            clock.schedule(Duration.ofNanos(air.freeAt + keyUp / 4 - now), () -> {
                synchronized (lock) {
                    if (gen == generation && !air.busy) {
                        startNext(air);
                    }
                }
            });
            return;
        }
        SimLink.Pending pending = sender.waiting.poll();
        sender.waitingNanos -= pending.airNanos();
        sender.updateWritability();
        // The TX tail is the last quarter of the key-up (Direwolf: TXDELAY 300 ms, TXTAIL 100 ms).
        boolean joins = air.lastSender == sender && now <= air.freeAt + keyUp / 4;
        long start = now;
        if (air.lastSender != null) {
            long turnaround = air.lastSender != sender ? profile.turnaround().toNanos() : 0;
            start = Math.max(now, air.freeAt + turnaround);
        }
        long end = start + pending.airNanos() + (joins ? 0 : keyUp);
        air.currentKeyedUp = !joins && keyUp > 0;
        air.busy = true;
        air.freeAt = end;
        air.lastSender = sender;
        air.current = pending;
        long gen = generation;
        SimLink from = sender;
        clock.schedule(Duration.ofNanos(end - now), () -> finishAiring(air, from, pending, gen));
    }

    /**
     * Whether the side last on the air goes on: it has frames waiting and its TX tail (the last
     * quarter of the key-up, as Direwolf's 100 ms of 400) has not ended; the other side's carrier
     * sense holds that side back meanwhile.
     */
    private static boolean keepsTheAir(Transmitter air, long now, long keyUp) {
        SimLink last = air.lastSender;
        return keyUp > 0 && last != null && last.transmitter == air && !last.waiting.isEmpty()
                && now <= air.freeAt + keyUp / 4;
    }

    /** The end sharing {@code air} whose oldest waiting frame was sent first; null when none waits. */
    private SimLink oldestWaiting(Transmitter air) {
        SimLink sender = null;
        for (SimLink end : ends) {
            if (end.transmitter == air && !end.waiting.isEmpty()
                    && (sender == null || end.waiting.peek().sequence() < sender.waiting.peek().sequence())) {
                sender = end;
            }
        }
        return sender;
    }

    private void finishAiring(Transmitter air, SimLink sender, SimLink.Pending pending, long gen) {
        synchronized (lock) {
            if (gen != generation) {
                return; // failed already by the outage or close that bumped the generation
            }
            sender.stats().frameSent(pending.frame().length,
                    profile.frameOverhead() + (air.currentKeyedUp ? profile.keyUpBytes() : 0));
            SimLink receiver = partner(sender);
            if (random.nextDouble() < sender.config().loss()) {
                sender.stats().droppedFrame();
            } else {
                clock.schedule(sender.config().latency(), () -> deliver(sender, receiver, pending.frame(), gen));
            }
            air.current = null;
            startNext(air);
        }
        pending.future().complete(null);
    }

    private void deliver(SimLink sender, SimLink receiver, byte[] frame, long gen) {
        synchronized (lock) {
            if (gen != generation || receiver == null || receiver.state() != LinkState.UP) {
                sender.stats().droppedFrame();
                return;
            }
            receiver.stats().frameReceived(frame.length);
            lastActivityNanos = clock.nanoTime();
        }
        receiver.arrived(sender.address(), frame);
    }

    void close(SimLink link) {
        List<SimLink.Pending> failed;
        boolean bothClosed;
        synchronized (lock) {
            if (link.state() == LinkState.CLOSED) {
                return;
            }
            endSession(SessionState.DOWN, "station " + link.address() + " left channel " + name);
            link.changeStateTo(LinkState.CLOSED, "closed");
            failed = abortAll();
            if (!link.config().sessions()) {
                SimLink other = partner(link);
                if (other != null && other.state() != LinkState.CLOSED) {
                    other.changeStateTo(LinkState.DOWN, "station " + link.address() + " left channel " + name);
                }
            }
            bothClosed = openEnds().isEmpty();
        }
        fail(failed, "link " + link.uri() + " closed");
        if (bothClosed) {
            onBothClosed.run();
        }
    }

    /** Empties every queue and the air; returns the frames whose futures must fail. Lock held. */
    private List<SimLink.Pending> abortAll() {
        generation++;
        List<SimLink.Pending> failed = new ArrayList<>();
        for (SimLink end : ends) {
            Transmitter air = end.transmitter;
            if (air.current != null) {
                failed.add(air.current);
            }
            air.current = null;
            air.busy = false;
            air.lastSender = null;
            failed.addAll(end.waiting);
            end.waiting.clear();
            end.waitingNanos = 0;
            end.updateWritability();
        }
        return failed;
    }

    private List<SimLink> openEnds() {
        List<SimLink> open = new ArrayList<>(ends.size());
        for (SimLink end : ends) {
            if (end.state() != LinkState.CLOSED) {
                open.add(end);
            }
        }
        return open;
    }

    private static void fail(List<SimLink.Pending> frames, String why) {
        if (!frames.isEmpty()) {
            Logger.debug("{} queued frame(s) failed: {}", frames.size(), why);
        }
        for (SimLink.Pending pending : frames) {
            pending.future().completeExceptionally(new TransportException("frame not aired: " + why));
        }
    }

    /** Both ends, for {@link SimTransport#shutdown()}. */
    List<SimLink> ends() {
        synchronized (lock) {
            return openEnds();
        }
    }

    @Override
    public String toString() {
        return "SimChannel[" + name + ", " + profile.name() + (isConnected() ? "" : ", disconnected") + "]";
    }
}
