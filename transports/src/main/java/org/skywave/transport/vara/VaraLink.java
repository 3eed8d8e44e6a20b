package org.skywave.transport.vara;

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
final class VaraLink implements Link {

    /** Frames waiting here for the modem; a sender that ignores back-pressure gets errors past this. */
    static final int MAX_PENDING_FRAMES = 1_000;
    /** Seconds of airtime the modem may hold: a little more than one VARA data frame of 5.2 s (vara.md section 9). */
    static final double MODEM_BUFFER_SECONDS = 6.0;
    /** How often the idle and schedule timers are checked. */
    static final long TIMER_MILLIS = 250;

    private record Outbound(VaraAddress to, byte[] bytes, int payloadLength, CompletableFuture<Void> future) {
    }

    private final LinkUri uri;
    private final VaraTransportConfig config;
    private final LinkListener listener;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final VaraModem modem;
    private final LinkStats stats = new LinkStats();
    private final ArrayDeque<Outbound> pending = new ArrayDeque<>();
    private final ArrayDeque<VaraAddress> scheduledCalls = new ArrayDeque<>();
    private final Map<VaraAddress, Long> bannedUntilNanos = new HashMap<>();

    private volatile LinkState state = LinkState.CONNECTING;
    private volatile LinkProfile profile;
    private volatile boolean writable = true;
    private volatile boolean channelBusy;

    // Link thread only.
    private VaraAddress sessionPeer;
    private boolean sessionUp;
    private boolean closing;
    private String closeReason;
    private VaraFrameDeframer deframer;
    private long lastActivityNanos;
    private long pendingBytes;
    private ZonedDateTime nextWindow;

    VaraLink(LinkUri uri, VaraTransportConfig config, LinkListener listener, Clock clock, Random random) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.profile = config.initialProfile();
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vara-link " + config.host() + ":" + config.commandPort());
            t.setDaemon(true);
            return t;
        });
        this.modem = new VaraModem(config, executor, new ModemEvents(), random, this::mayCallIn);
    }

    void start() {
        run(() -> {
            notifyState(LinkState.CONNECTING, "connecting to the " + modem.describe());
            nextWindow = VaraSchedule.nextWindow(config, ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)));
            modem.start();
        });
        executor.scheduleWithFixedDelay(() -> run(this::timers), TIMER_MILLIS, TIMER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void run(Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: unexpected error on the link thread", uri);
                }
            });
        } catch (RejectedExecutionException closed) {
            // Events after close() are of no interest.
        }
    }

    // ---- Link ----

    @Override
    public LinkUri uri() {
        return uri;
    }

    @Override
    public LinkProfile profile() {
        return profile;
    }

    @Override
    public LinkState state() {
        return state;
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public boolean isChannelBusy() {
        return channelBusy;
    }

    @Override
    public LinkStats stats() {
        return stats;
    }

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
            return CompletableFuture.failedFuture(new TransportException("link " + uri + ": '" + to + "' is not a VARA callsign"));
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

    private void checkFrame(byte[] frame) {
        Objects.requireNonNull(frame, "frame");
        if (frame.length == 0) {
            throw new IllegalArgumentException("frame is empty");
        }
        int mtu = profile.mtu();
        if (frame.length > mtu) {
            throw new IllegalArgumentException("frame of " + frame.length + " bytes exceeds the MTU " + mtu + " of " + uri);
        }
    }

    private CompletableFuture<Void> enqueue(VaraAddress to, byte[] frame) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        Outbound outbound = new Outbound(to, VaraFrameDeframer.encode(frame), frame.length, future);
        try {
            executor.execute(() -> accept(outbound));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closedError());
        }
        return future;
    }

    private TransportException closedError() {
        return new TransportException("link " + uri + " is closed");
    }

    private void accept(Outbound o) {
        if (state == LinkState.CLOSED) {
            o.future.completeExceptionally(closedError());
            return;
        }
        VaraAddress target = o.to != null ? o.to : sessionPeer != null ? sessionPeer : config.peers().isEmpty() ? null : config.peers().get(0);
        if (target == null) {
            o.future.completeExceptionally(new TransportException("link " + uri + ": no VARA session is up and no peer is configured to call (peers=...)"));
            return;
        }
        if (sessionPeer == null && o.to == null && modem.ready()) {
            startSession(target);
        }
        if (!target.equals(sessionPeer) || closing) {
            o.future.completeExceptionally(new TransportException("link " + uri + ": no session with " + target
                    + (sessionPeer == null ? "" : " (in session with " + sessionPeer + (closing ? ", closing" : "") + ")")
                    + (modem.ready() ? "" : "; the modem is not reachable")));
            return;
        }
        if (pending.size() >= MAX_PENDING_FRAMES) {
            stats.droppedFrame();
            o.future.completeExceptionally(new TransportException("link " + uri + ": " + MAX_PENDING_FRAMES
                    + " frames already wait for the modem; wait for writability before sending more"));
            return;
        }
        pending.add(new Outbound(target, o.bytes, o.payloadLength, o.future));
        pendingBytes += o.bytes.length;
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
            listener.onSession(callee, SessionState.FAILED, "the " + modem.describe() + " is not reachable");
            return;
        }
        if (callee.equals(sessionPeer)) {
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
        listener.onSession(sessionPeer, SessionState.CLOSING, reason);
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
        Link.super.disconnect(peer, refuseFor, reason);
        if (!(peer instanceof VaraAddress call) || state == LinkState.CLOSED) {
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
        Long until = bannedUntilNanos.get(caller);
        if (until != null && System.nanoTime() - until < 0) {
            return false;
        }
        bannedUntilNanos.remove(caller);
        return config.mayCallIn(caller);
    }

    // ---- Sending ----

    /** The most bytes the modem may hold unsent: a few seconds of airtime at the current rate, at least two whole frames. */
    int highWaterBytes() {
        LinkProfile p = profile;
        return (int) Math.max(2L * (p.mtu() + VaraProfiles.FRAME_OVERHEAD), (long) (p.bitrate() * MODEM_BUFFER_SECONDS / 8));
    }

    private void pump() {
        while (sessionUp && !pending.isEmpty() && modem.state() == VaraState.CONNECTED && modem.modemBuffer() < highWaterBytes()) {
            Outbound o = pending.poll();
            pendingBytes -= o.bytes.length;
            if (!modem.write(o.bytes)) {
                o.future.completeExceptionally(new TransportException("link " + uri + ": the session with " + o.to + " ended"));
                break;
            }
            stats.frameSent(o.payloadLength, VaraProfiles.FRAME_OVERHEAD);
            lastActivityNanos = System.nanoTime();
            o.future.complete(null);
        }
        if (closing && sessionUp && pending.isEmpty() && closeReason != null) {
            modem.hangUp(closeReason);
        }
        updateWritable();
    }

    private void updateWritable() {
        boolean now = state != LinkState.CLOSED && pendingBytes + modem.modemBuffer() < highWaterBytes();
        if (now != writable) {
            writable = now;
            listener.onWritabilityChanged(now);
        }
    }

    private void failPending(String reason) {
        for (Outbound o = pending.poll(); o != null; o = pending.poll()) {
            o.future.completeExceptionally(new TransportException("link " + uri + ": " + reason));
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
                Logger.info("{}: schedule window {}: calling {}", uri, nextWindow.toLocalTime(), config.peers());
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
            notifyState(LinkState.UP, detail);
            callNextScheduled();
        }

        @Override
        public void modemDown(String reason) {
            notifyState(LinkState.DOWN, reason);
        }

        @Override
        public void sessionOpening(VaraAddress peer) {
            listener.onSession(peer, SessionState.OPENING, "calling " + peer + " from " + config.callsign());
        }

        @Override
        public void sessionUp(VaraAddress peer, boolean inbound, String bandwidth) {
            sessionPeer = peer;
            sessionUp = true;
            closing = false;
            closeReason = null;
            deframer = new VaraFrameDeframer(VaraTransportConfig.MAX_MTU);
            lastActivityNanos = System.nanoTime();
            scheduledCalls.remove(peer);
            LinkProfile now = VaraProfiles.profile(config.kind(), bandwidth != null ? bandwidth
                    : config.kind() == VaraTransportConfig.Kind.HF ? config.bandwidth() : VaraProfiles.FM_WIDE, config.mtu());
            changeProfile(now, "session with " + peer + " at " + (bandwidth == null ? "the default bandwidth" : bandwidth));
            listener.onSession(peer, SessionState.UP, (inbound ? peer + " called in" : "connected to " + peer)
                    + (bandwidth == null ? "" : " at " + bandwidth));
            pump();
        }

        @Override
        public void sessionDown(VaraAddress peer, String reason) {
            ended(peer);
            listener.onSession(peer, SessionState.DOWN, reason);
            callNextScheduled();
        }

        @Override
        public void sessionFailed(VaraAddress peer, String reason) {
            if (peer.equals(sessionPeer)) {
                ended(peer);
            }
            listener.onSession(peer, SessionState.FAILED, reason);
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
        public void data(VaraAddress peer, byte[] bytes) {
            if (deframer == null) {
                return;
            }
            lastActivityNanos = System.nanoTime();
            try {
                deframer.feed(bytes, frame -> {
                    stats.frameReceived(frame.length);
                    listener.onFrame(new InboundFrame(peer, frame));
                });
            } catch (VaraProtocolException e) {
                stats.malformedFrame();
                Logger.warn("{}: {} from {}; ending the session, as the stream cannot be resynchronised", uri, e.getMessage(), peer);
                deframer = null;
                beginClose(peer, e.getMessage());
            }
        }

        @Override
        public void bitrate(int bitsPerSecond) {
            if (bitsPerSecond != (int) profile.bitrate()) {
                changeProfile(profile.withBitrate(bitsPerSecond), "the modem reports " + bitsPerSecond + " bit/s");
            }
        }

        @Override
        public void busy(boolean busy) {
            channelBusy = busy;
            listener.onChannelBusy(busy);
        }

        @Override
        public void bufferChanged(long bytes) {
            pump();
        }
    }

    private void changeProfile(LinkProfile now, String detail) {
        if (!now.equals(profile)) {
            profile = now;
            listener.onProfileChanged(now, detail);
        }
    }

    private void notifyState(LinkState next, String detail) {
        if (state == LinkState.CLOSED || state == next) {
            return;
        }
        state = next;
        listener.onStateChanged(next, detail);
        updateWritable();
    }

    @Override
    public void close() {
        if (state == LinkState.CLOSED) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            VaraAddress peer = sessionPeer;
            modem.close();
            failPending("link closed");
            state = LinkState.CLOSED;
            if (peer != null) {
                listener.onSession(peer, SessionState.DOWN, "link closed");
            }
            listener.onStateChanged(LinkState.CLOSED, "closed");
            done.complete(null);
        });
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            Logger.warn("{}: closing took too long: {}", uri, e.toString());
        }
        state = LinkState.CLOSED;
        executor.shutdownNow();
    }
}
