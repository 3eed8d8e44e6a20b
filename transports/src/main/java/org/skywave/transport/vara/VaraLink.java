package org.skywave.transport.vara;

import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.LinkBase;
import org.skywave.transport.support.LinkTasks;
import org.tinylog.Logger;

/**
 * A VARA HF or VARA FM link: Skywave frames over the ARQ sessions of one modem (vara.md), one
 * peer at a time. The link is UP while the modem is reachable and configured; sessions with
 * peers come and go inside it and are reported through {@link LinkListener#onSession}.
 *
 * <p>Sessions open on demand: when asked ({@link #openSession}), when a frame is broadcast with
 * no session up (to the first configured peer), and at the configured schedule windows (every
 * peer in turn). A session closes after the idle time with nothing to send or receive, once what
 * was handed to the modem has been carried (BUFFER 0). Inbound sessions are kept only from
 * allowed callsigns. The channel counts as busy while the modem reports BUSY ON or is decoding a
 * call (PENDING): no call is made then (vara.md section 7).
 *
 * <p>Flow control (vara.md section 6): the modem is handed at most {@link #highWaterBytes} bytes
 * beyond what it reports as unsent; frames beyond that wait here, and the link is not writable
 * until the modem drains. The modem's ARQ makes the link reliable: {@link LinkProfile#reliable()}.
 *
 * <p>All state lives on one thread of the link's own; listener calls are made from it.
 */
final class VaraLink extends LinkBase {

    /** Frames waiting here for the modem; a sender that ignores back-pressure gets errors past this. */
    static final int MAX_PENDING_FRAMES = 1_000;
    /** Seconds of airtime the modem may hold: a little more than one VARA data frame of 5.2 s (vara.md section 9). */
    static final double MODEM_BUFFER_SECONDS = 6.0;
    /** How often the idle and schedule timers are checked. */
    static final long TIMER_MILLIS = 250;

    /** A frame waiting for the modem; {@code modemBytes} is what it costs there, its length prefix included. */
    private record Outbound(VaraAddress to, byte[] frame, CompletableFuture<Void> future) {
        int modemBytes() {
            return frame.length + VaraProfiles.FRAME_OVERHEAD;
        }
    }

    private final VaraTransportConfig config;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final VaraModem modem;
    private final ArrayDeque<Outbound> pending = new ArrayDeque<>();
    private final ArrayDeque<VaraAddress> scheduledCalls = new ArrayDeque<>();
    private final Map<VaraAddress, Long> bannedUntilNanos = new HashMap<>();


    // Link thread only.
    private VaraAddress sessionPeer;
    private boolean sessionUp;
    private boolean closing;
    private String closeReason;
    private long lastActivityNanos;
    private long pendingBytes;
    private ZonedDateTime nextWindow;

    VaraLink(LinkUri uri, VaraTransportConfig config, LinkListener listener, EventLoopGroup group, Clock clock, Random random) {
        // Reports are made on the link's own thread, which is where every change happens.
        super(uri, config.initialProfile(), listener, true, Runnable::run);
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vara-link " + config.host() + ":" + config.commandPort());
            t.setDaemon(true);
            return t;
        });
        this.modem = new VaraModem(config, group, executor, new ModemEvents(), random, this::mayCallIn);
    }

    void start() {
        run(() -> {
            reportInitialState("connecting to the " + modem.describe());
            nextWindow = VaraSchedule.nextWindow(config, ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)));
            modem.start();
        });
        executor.scheduleWithFixedDelay(() -> run(this::timers), TIMER_MILLIS, TIMER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void run(Runnable task) {
        LinkTasks.post(executor, this::uri, "on the link thread", task);
    }

    // ---- Link ----

    @Override
    public boolean opensSessionsOnDemand() {
        return true;
    }

    @Override
    public LinkAddress peerAddress(String text) {
        return VaraAddress.parse(text);
    }

    /** Queues {@code frame} for the session with {@code to}; fails if no session with it is up or opening. */
    @Override
    public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
        Objects.requireNonNull(to, "to");
        checkFrame(frame);
        if (!(to instanceof VaraAddress peer)) {
            return CompletableFuture.failedFuture(new TransportException("link " + uri() + ": '" + to + "' is not a VARA callsign"));
        }
        return enqueue(peer, frame.clone());
    }

    /**
     * Queues {@code frame} for the station in session now. With no session, a session is opened
     * to the first configured peer and the frame waits for it; with no peer configured it fails.
     */
    @Override
    public CompletableFuture<Void> broadcast(byte[] frame) {
        checkFrame(frame);
        return enqueue(null, frame.clone());
    }

    private CompletableFuture<Void> enqueue(VaraAddress to, byte[] frame) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Outbound outbound = new Outbound(to, frame, future);
        try {
            executor.execute(() -> accept(outbound));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closedError());
        }
        return future;
    }

    private TransportException closedError() {
        return new TransportException("link " + uri() + " is closed");
    }

    private void accept(Outbound o) {
        if (state() == LinkState.CLOSED) {
            o.future.completeExceptionally(closedError());
            return;
        }
        VaraAddress target = o.to != null ? o.to : sessionPeer != null ? sessionPeer : config.peers().isEmpty() ? null : config.peers().get(0);
        if (target == null) {
            o.future.completeExceptionally(new TransportException("link " + uri() + ": no VARA session is up and no peer is configured to call (peers=...)"));
            return;
        }
        if (sessionPeer == null && o.to == null && modem.ready()) {
            startSession(target);
        }
        if (!target.equals(sessionPeer) || closing) {
            o.future.completeExceptionally(new TransportException("link " + uri() + ": no session with " + target
                    + (sessionPeer == null ? "" : " (in session with " + sessionPeer + (closing ? ", closing" : "") + ")")
                    + (modem.ready() ? "" : "; the modem is not reachable")));
            return;
        }
        if (refuseWhenQueueFull(pending.size(), MAX_PENDING_FRAMES, "modem", o.future)) {
            return;
        }
        pending.add(new Outbound(target, o.frame, o.future));
        pendingBytes += o.modemBytes();
        pump();
    }

    @Override
    public void openSession(LinkAddress peer) {
        Objects.requireNonNull(peer, "peer");
        VaraAddress callee = (VaraAddress) peerAddress(peer.toString());
        run(() -> startSession(callee));
    }

    private void startSession(VaraAddress callee) {
        if (!modem.ready()) {
            reportSession(callee, SessionState.FAILED, "the " + modem.describe() + " is not reachable");
            return;
        }
        if (callee.equals(sessionPeer)) {
            return;
        }
        if (banned(callee)) {
            reportSession(callee, SessionState.FAILED, callee + " is banned for now; not calling it");
            return;
        }
        if (sessionPeer != null) {
            // One ARQ session at a time (vara.md): call when the current one has ended.
            if (!scheduledCalls.contains(callee)) {
                scheduledCalls.add(callee);
            }
            return;
        }
        sessionPeer = callee;
        sessionUp = false;
        closing = false;
        modem.call(callee);
    }

    @Override
    public void closeSession(LinkAddress peer, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        run(() -> beginClose(peer, reason));
    }

    private void beginClose(LinkAddress peer, String reason) {
        if (sessionPeer == null || !sessionPeer.equals(peer) || closing) {
            return;
        }
        closing = true;
        reportSession(sessionPeer, SessionState.CLOSING, reason);
        if (!sessionUp) {
            modem.hangUp(reason);
            return;
        }
        finishCloseWhenDrained(reason);
    }

    private void finishCloseWhenDrained(String reason) {
        closeReason = reason;
        if (pending.isEmpty()) {
            // VaraModem waits for BUFFER 0 before it sends DISCONNECT (vara.md section 6).
            modem.hangUp(reason);
        }
    }

    /** Bans {@code peer}: ends a session with it at once and refuses its calls for {@code refuseFor}. */
    @Override
    public boolean disconnect(LinkAddress peer, Duration refuseFor, String reason) {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(reason, "reason");
        if (refuseFor.isNegative()) {
            throw new IllegalArgumentException("refuseFor is negative: " + refuseFor);
        }
        if (!(peer instanceof VaraAddress call) || state() == LinkState.CLOSED) {
            return false;
        }
        run(() -> {
            bannedUntilNanos.put(call, System.nanoTime() + refuseFor.toNanos());
            scheduledCalls.remove(call);
            if (call.equals(sessionPeer)) {
                failPending("banned: " + reason);
                beginClose(call, "banned: " + reason);
            }
        });
        return true;
    }

    private boolean mayCallIn(VaraAddress caller) {
        return !banned(caller) && config.mayCallIn(caller);
    }

    private boolean banned(VaraAddress station) {
        Long until = bannedUntilNanos.get(station);
        if (until != null && System.nanoTime() - until < 0) {
            return true;
        }
        bannedUntilNanos.remove(station);
        return false;
    }

    // ---- Sending ----

    /** The most bytes the modem may hold unsent: a few seconds of airtime at the current rate, at least two whole frames. */
    int highWaterBytes() {
        LinkProfile p = profile();
        return (int) Math.max(2L * (p.mtu() + VaraProfiles.FRAME_OVERHEAD), (long) (p.bitrate() * MODEM_BUFFER_SECONDS / 8));
    }

    private void pump() {
        while (sessionUp && !pending.isEmpty() && modem.state() == VaraState.CONNECTED && modem.modemBuffer() < highWaterBytes()) {
            Outbound o = pending.poll();
            pendingBytes -= o.modemBytes();
            if (!modem.write(o.frame)) {
                o.future.completeExceptionally(new TransportException("link " + uri() + ": the session with " + o.to + " ended"));
                break;
            }
            stats().frameSent(o.frame.length, VaraProfiles.FRAME_OVERHEAD);
            lastActivityNanos = System.nanoTime();
            o.future.complete(null);
        }
        if (closing && sessionUp && pending.isEmpty() && closeReason != null) {
            modem.hangUp(closeReason);
        }
        updateWritable();
    }

    private void updateWritable() {
        changeWritability(state() != LinkState.CLOSED && pendingBytes + modem.modemBuffer() < highWaterBytes());
    }

    private void failPending(String reason) {
        for (Outbound o = pending.poll(); o != null; o = pending.poll()) {
            o.future.completeExceptionally(new TransportException("link " + uri() + ": " + reason));
        }
        pendingBytes = 0;
        updateWritable();
    }

    // ---- Timers: idle close and schedule windows ----

    private void timers() {
        long now = System.nanoTime();
        if (sessionUp && !closing && pending.isEmpty() && modem.modemBuffer() == 0
                && now - lastActivityNanos > config.idle().toNanos()) {
            beginClose(sessionPeer, "idle for " + config.idle().toMillis() / 1000.0 + " s");
        }
        if (nextWindow != null) {
            ZonedDateTime wall = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
            if (!wall.isBefore(nextWindow)) {
                Logger.info("{}: schedule window {}: calling {}", uri(), nextWindow.toLocalTime(), config.peers());
                for (VaraAddress peer : config.peers()) {
                    if (!scheduledCalls.contains(peer) && !peer.equals(sessionPeer)) {
                        scheduledCalls.add(peer);
                    }
                }
                nextWindow = VaraSchedule.nextWindow(config, wall);
            }
        }
        callNextScheduled();
    }

    private void callNextScheduled() {
        if (sessionPeer == null && !scheduledCalls.isEmpty() && modem.ready()) {
            startSession(scheduledCalls.poll());
        }
    }

    // ---- Modem events ----

    private final class ModemEvents implements VaraModem.Events {

        @Override
        public void modemUp(String detail) {
            changeState(LinkState.UP, detail);
            callNextScheduled();
        }

        @Override
        public void modemDown(String reason) {
            changeState(LinkState.DOWN, reason);
        }

        @Override
        public void sessionOpening(VaraAddress peer) {
            reportSession(peer, SessionState.OPENING, "calling " + peer + " from " + config.callsign());
        }

        @Override
        public void sessionUp(VaraAddress peer, boolean inbound, String bandwidth) {
            sessionPeer = peer;
            sessionUp = true;
            closing = false;
            closeReason = null;
            lastActivityNanos = System.nanoTime();
            scheduledCalls.remove(peer);
            LinkProfile now = VaraProfiles.profile(config.kind(), bandwidth != null ? bandwidth
                    : config.kind() == VaraTransportConfig.Kind.HF ? config.bandwidth() : VaraProfiles.FM_WIDE, config.mtu());
            changeProfile(now, "session with " + peer + " at " + (bandwidth == null ? "the default bandwidth" : bandwidth));
            reportSession(peer, SessionState.UP, (inbound ? peer + " called in" : "connected to " + peer)
                    + (bandwidth == null ? "" : " at " + bandwidth));
            pump();
        }

        @Override
        public void sessionDown(VaraAddress peer, String reason) {
            ended(peer);
            reportSession(peer, SessionState.DOWN, reason);
            callNextScheduled();
        }

        @Override
        public void sessionFailed(VaraAddress peer, String reason) {
            if (peer.equals(sessionPeer)) {
                ended(peer);
            }
            reportSession(peer, SessionState.FAILED, reason);
            callNextScheduled();
        }

        private void ended(VaraAddress peer) {
            if (peer.equals(sessionPeer)) {
                sessionPeer = null;
                sessionUp = false;
                closing = false;
                closeReason = null;
                failPending("the session with " + peer + " ended before these frames went out");
            }
        }

        @Override
        public void frame(VaraAddress peer, byte[] frame) {
            lastActivityNanos = System.nanoTime();
            stats().frameReceived(frame.length);
            deliver(peer, frame);
        }

        @Override
        public void bitrate(int bitsPerSecond) {
            if (bitsPerSecond != (int) profile().bitrate()) {
                changeProfile(profile().withBitrate(bitsPerSecond), "the modem reports " + bitsPerSecond + " bit/s");
            }
        }

        @Override
        public void busy(boolean busy) {
            changeChannelBusy(busy);
        }

        @Override
        public void bufferChanged(long bytes) {
            pump();
        }
    }

    @Override
    public void close() {
        if (state() == LinkState.CLOSED) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            // CLOSED is final and ends every session with it; no session DOWN is reported after close (as TCP links do).
            modem.close();
            changeState(LinkState.CLOSED, "closed" + (sessionPeer == null ? "" : "; the session with " + sessionPeer + " aborted"));
            failPending("link closed");
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            changeState(LinkState.CLOSED, "closed; the link thread did not answer: " + e);
        }
        executor.shutdownNow();
    }
}
