package org.skywave.transport.kiss;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.TransportException;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Ax25FormatException;
import org.skywave.transport.ax25.Ax25Frame;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.support.LinkBase;
import org.skywave.transport.support.LinkClock;
import org.skywave.transport.support.LinkTasks;
import org.tinylog.Logger;

/**
 * A radio channel through a KISS TNC, over any {@link KissCarrier}. Sends every frame as one
 * AX.25 UI frame from our callsign via the configured path, to the configured destination
 * ({@link #broadcast}) or to one station's callsign ({@link #send}); it has no sessions;
 * delivers UI frames with PID 0xF0 addressed to that destination or to our callsign; counts and
 * ignores everything else.
 *
 * <p>Flow control (kiss-ax25.md sections 3, 6 and 10): a TNC only queues, so the link keeps at
 * most about one transmission's worth in it. Direwolf, recognised by its answer to the
 * {@code TNC:} query sent on connect, is polled with {@code TXBUF:} while it holds anything; other
 * TNCs are paced by the airtime of what was handed over at the link's bitrate. Frames beyond that
 * wait here, and the link is not writable meanwhile.
 *
 * <p>All state lives on one thread of the link's own; listener calls are made from it.
 */
final class KissLink extends LinkBase {

    /** Direwolf discards UI/0xF0 frames beyond 100 queued on a channel (kiss-ax25.md section 6); stay well below. */
    static final int MAX_FRAMES_IN_TNC = 50;
    /** Full frames the TNC may hold; see {@link #tncBudgetBytes}. */
    static final int TNC_BUDGET_FRAMES = 2;
    /** How often Direwolf is asked for its queue while it holds our frames: small against a frame's airtime. */
    static final long TXBUF_POLL_MILLIS = 100;
    /** A TXBUF query not answered in this time is given up and sent again. */
    static final long TXBUF_REPLY_TIMEOUT_MILLIS = 3_000;
    /**
     * A TNC that has not answered the {@code TNC:} probe in this time is a plain KISS TNC (hardware
     * TNCs, soundmodem): the link says so once. It paces by airtime from the start, so nothing waits for this.
     */
    static final long PROBE_REPLY_TIMEOUT_MILLIS = 5_000;
    /** Frames waiting here beyond the TNC's share; a sender that ignores back-pressure gets errors past this. */
    static final int MAX_PENDING_FRAMES = 1_000;

    private record Outbound(byte[] info, byte[] ax25, CompletableFuture<Void> future) {
    }

    private final KissTransportConfig config;
    private final KissCarrier carrier;
    /** Time and timers of the pacers; injected so that tests move it instead of waiting on the wall clock. */
    private final LinkClock clock;
    private final ScheduledExecutorService executor;
    private final ArrayDeque<Outbound> pending = new ArrayDeque<>();
    /**
     * What the TNC may hold: two full frames (or one second of airtime if that is more). Direwolf
     * adds to a transmission only frames already queued when the previous one has been
     * modulated, so one frame must wait behind the one on the air for frames to share a TXDELAY.
     */
    private final int tncBudgetBytes;
    private final long maxFrameAirNanos;

    private volatile int pendingCount;

    // Flow control, link thread only.
    private boolean direwolf;
    private long tncBytes;
    private int tncFrames;
    private boolean queryOutstanding;
    private long queryStartedNanos;
    private long handedSinceQuery;
    private long airBusyUntilNanos;
    /** Only the latest wake-up counts: an earlier one finds the number moved on and does nothing. */
    private long wakeUps;

    KissLink(LinkUri uri, KissTransportConfig config, LinkListener listener, KissCarrier carrier) {
        this(uri, config, listener, carrier, null);
    }

    /** @param clock the pacers' clock; null for the system's, with timers on the link's thread */
    KissLink(LinkUri uri, KissTransportConfig config, LinkListener listener, KissCarrier carrier, LinkClock clock) {
        super(uri, config.profile(), listener, false, Runnable::run);
        this.config = Objects.requireNonNull(config, "config");
        this.carrier = Objects.requireNonNull(carrier, "carrier");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiss-link " + carrier.describe());
            t.setDaemon(true);
            return t;
        });
        this.clock = clock != null ? clock : LinkClock.system(executor);
        int maxFrame = config.ax25FrameLength(config.paclen());
        this.tncBudgetBytes = Math.max(TNC_BUDGET_FRAMES * maxFrame, config.bitrate() / 8);
        this.maxFrameAirNanos = airNanos(maxFrame);
    }

    void start() {
        executor.execute(() -> reportInitialState("connecting to the TNC at " + carrier.describe()));
        carrier.start(new KissCarrier.Events() {
            @Override
            public void connected(String detail) {
                run(() -> onConnected(detail));
            }

            @Override
            public void frame(KissFrame frame) {
                run(() -> onKissFrame(frame));
            }

            @Override
            public void malformed(MalformedFrameException error) {
                run(() -> {
                    stats().malformedFrame();
                    Logger.warn("{}: {}", carrier.describe(), error.getMessage());
                });
            }

            @Override
            public void disconnected(String reason) {
                run(() -> onDisconnected(reason));
            }
        });
    }

    private void run(Runnable task) {
        LinkTasks.post(executor, carrier::describe, "on the link thread", task);
    }

    /** The settings this link was opened with. */
    KissTransportConfig config() {
        return config;
    }

    /** One UI frame to the configured destination: every station on the channel that listens for it. */
    @Override
    public CompletableFuture<Void> broadcast(byte[] frame) {
        return sendUi(config.destination(), frame);
    }

    /**
     * One UI frame addressed to the callsign {@code to}: there are no sessions on a UI channel, so
     * the frame goes out whether or not that station hears it.
     *
     * @throws IllegalArgumentException if {@code to} is not a {@link Callsign}, or the frame is empty or too long
     */
    @Override
    public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
        Objects.requireNonNull(to, "to");
        if (!(to instanceof Callsign callsign)) {
            throw new IllegalArgumentException("link " + uri() + " sends to callsigns, not to " + to);
        }
        return sendUi(callsign, frame);
    }

    /** A callsign, as in {@code N0CALL-2}. */
    @Override
    public LinkAddress peerAddress(String text) {
        return Callsign.parse(text);
    }

    private CompletableFuture<Void> sendUi(Callsign destination, byte[] frame) {
        checkFrame(frame);
        CompletableFuture<Void> future = new CompletableFuture<>();
        if (state() == LinkState.CLOSED) {
            future.completeExceptionally(new TransportException("link " + uri() + " is closed"));
            return future;
        }
        byte[] info = frame.clone();
        byte[] ax25 = Ax25Codec.encodeUi(destination, config.callsign(), config.path(), info);
        Outbound outbound = new Outbound(info, ax25, future);
        try {
            executor.execute(() -> enqueue(outbound));
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new TransportException("link " + uri() + " is closed"));
        }
        return future;
    }

    private void enqueue(Outbound outbound) {
        if (state() == LinkState.CLOSED) {
            outbound.future.completeExceptionally(new TransportException("link " + uri() + " is closed"));
            return;
        }
        if (refuseWhenQueueFull(pending.size(), MAX_PENDING_FRAMES, "TNC", outbound.future)) {
            return;
        }
        pending.add(outbound);
        pendingCount = pending.size();
        pump();
    }

    private void onConnected(String detail) {
        if (state() == LinkState.CLOSED) {
            return;
        }
        resetFlowControl();
        for (Map.Entry<KissCommand, Integer> p : config.parameters().entrySet()) {
            carrier.write(KissFrame.parameter(config.kissPort(), p.getKey(), p.getValue()));
        }
        if (config.probe()) {
            carrier.write(setHardware("TNC:"));
            clock.schedule(Duration.ofMillis(PROBE_REPLY_TIMEOUT_MILLIS), () -> run(this::noteUnansweredProbe));
        }
        changeState(LinkState.UP, detail);
        pump();
    }

    private void noteUnansweredProbe() {
        if (state() == LinkState.UP && !direwolf) {
            Logger.info("{}: no answer to the TNC: query in {} ms, so a plain KISS TNC; pacing by airtime at {} bit/s",
                    carrier.describe(), PROBE_REPLY_TIMEOUT_MILLIS, config.bitrate());
        }
    }

    private void onDisconnected(String reason) {
        if (state() == LinkState.CLOSED) {
            return;
        }
        resetFlowControl();
        changeState(LinkState.DOWN, reason);
        updateWritable();
    }

    private void resetFlowControl() {
        direwolf = false;
        tncBytes = 0;
        tncFrames = 0;
        queryOutstanding = false;
        handedSinceQuery = 0;
        airBusyUntilNanos = 0;
    }

    private KissFrame setHardware(String text) {
        return new KissFrame(config.kissPort(), KissCommand.SETHARDWARE, text.getBytes(StandardCharsets.US_ASCII));
    }

    private void onKissFrame(KissFrame frame) {
        switch (frame.command()) {
            case DATA -> onDataFrame(frame);
            case SETHARDWARE -> onSetHardwareReply(new String(frame.payload(), StandardCharsets.US_ASCII));
            default -> {
                // A TNC has no business sending parameters to its host: count it and go on.
                stats().droppedFrame();
                Logger.debug("{}: ignored KISS {} from the TNC", carrier.describe(), frame.command());
            }
        }
    }

    private void onDataFrame(KissFrame frame) {
        if (frame.port() != config.kissPort()) {
            stats().droppedFrame();
            return;
        }
        Ax25Frame ax25;
        try {
            ax25 = Ax25Codec.decode(frame.payload());
        } catch (Ax25FormatException e) {
            if (e.problem() == Ax25FormatException.Problem.NOT_UI) {
                stats().droppedFrame(); // other stations' connected-mode traffic
                Logger.debug("{}: {}", carrier.describe(), e.getMessage());
            } else {
                stats().malformedFrame();
                Logger.warn("{}: dropped malformed AX.25 frame: {}", carrier.describe(), e.getMessage());
            }
            return;
        }
        Callsign to = ax25.destination().callsign();
        Callsign from = ax25.source().callsign();
        boolean forUs = to.equals(config.destination()) || to.equals(config.callsign());
        if (!forUs || ax25.pid() != Ax25Codec.PID_NO_LAYER_3 || from.equals(config.callsign())) {
            // Not ours, or our own frame repeated by a digipeater.
            stats().droppedFrame();
            Logger.debug("{}: not for us: {}", carrier.describe(), ax25);
            return;
        }
        byte[] info = ax25.info();
        stats().frameReceived(info.length);
        deliver(from, info);
    }

    private void onSetHardwareReply(String text) {
        if (text.startsWith("DIREWOLF")) {
            if (!direwolf) {
                Logger.info("{}: TNC is {}; pacing by its TXBUF queue", carrier.describe(), text.strip());
            }
            direwolf = true;
            pump();
        } else if (text.startsWith("TXBUF:")) {
            long queued;
            try {
                queued = Long.parseLong(text.substring("TXBUF:".length()).strip());
            } catch (NumberFormatException e) {
                stats().malformedFrame();
                Logger.warn("{}: unreadable TXBUF reply '{}'", carrier.describe(), text);
                return;
            }
            direwolf = true;
            queryOutstanding = false;
            // Frames handed over after the query was sent are not in the reply yet.
            tncBytes = queued + handedSinceQuery;
            if (tncBytes == 0) {
                tncFrames = 0;
            }
            pump();
        } else {
            Logger.debug("{}: SetHardware reply '{}'", carrier.describe(), text);
        }
    }

    /** Hands frames to the TNC while it has room; schedules the next look. Link thread only. */
    private void pump() {
        if (state() == LinkState.CLOSED) {
            return;
        }
        while (state() == LinkState.UP && !pending.isEmpty() && tncHasRoom(pending.peek().ax25.length)) {
            handOver(pending.poll());
        }
        pendingCount = pending.size();
        updateWritable();
        scheduleWakeUp();
    }

    private boolean tncHasRoom(int frameBytes) {
        if (direwolf) {
            return tncFrames < MAX_FRAMES_IN_TNC && (tncBytes == 0 || tncBytes + frameBytes <= tncBudgetBytes);
        }
        // Pacing by airtime: let the TNC hold at most one full frame's worth beyond what it airs now.
        return airBusyUntilNanos - clock.nanoTime() <= maxFrameAirNanos;
    }

    private void handOver(Outbound outbound) {
        long now = clock.nanoTime();
        int bytes = outbound.ax25.length;
        long keying = airBusyUntilNanos <= now ? keyingNanos() : 0; // a new transmission keys up again
        airBusyUntilNanos = Math.max(airBusyUntilNanos, now) + keying + airNanos(bytes);
        tncBytes += bytes;
        tncFrames++;
        handedSinceQuery += bytes;
        carrier.write(KissFrame.data(config.kissPort(), outbound.ax25)).whenComplete((ok, error) -> run(() -> {
            if (error == null) {
                stats().frameSent(outbound.info.length, config.profile().frameOverhead());
                outbound.future.complete(null);
            } else if (state() == LinkState.CLOSED) {
                outbound.future.completeExceptionally(new TransportException("link " + uri() + " closed", error));
            } else {
                // The connection went away under the write: keep the frame for the next connection.
                pending.addFirst(outbound);
                pendingCount = pending.size();
                updateWritable();
            }
        }));
    }

    private void scheduleWakeUp() {
        long wakeUp = ++wakeUps;
        if (state() != LinkState.UP) {
            return;
        }
        if (direwolf) {
            if (tncBytes > 0 || tncFrames > 0) {
                long now = clock.nanoTime();
                if (queryOutstanding && now - queryStartedNanos > TimeUnit.MILLISECONDS.toNanos(TXBUF_REPLY_TIMEOUT_MILLIS)) {
                    Logger.warn("{}: no TXBUF reply in {} ms; asking again", carrier.describe(), TXBUF_REPLY_TIMEOUT_MILLIS);
                    queryOutstanding = false;
                }
                wakeUpAfter(TimeUnit.MILLISECONDS.toNanos(TXBUF_POLL_MILLIS), wakeUp, this::pollTxbuf);
            }
        } else if (!pending.isEmpty() || !isWritable()) {
            // Also with nothing pending: only the passing of airtime makes the link writable again,
            // and nothing else would look (at 9600 bit/s keying alone outlasts a full frame).
            long delay = airBusyUntilNanos - clock.nanoTime() - maxFrameAirNanos;
            wakeUpAfter(Math.max(delay, TimeUnit.MILLISECONDS.toNanos(1)), wakeUp, this::pump);
        }
    }

    /** Runs {@code task} on the link thread after {@code nanos}, unless a later wake-up was set meanwhile. */
    private void wakeUpAfter(long nanos, long wakeUp, Runnable task) {
        clock.schedule(Duration.ofNanos(nanos), () -> run(() -> {
            if (wakeUp == wakeUps) {
                task.run();
            }
        }));
    }

    /** For tests: returns once every task given to the link thread before it has run. */
    void drain() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> done.complete(null));
        done.get(5, TimeUnit.SECONDS);
    }

    private void pollTxbuf() {
        if (state() != LinkState.UP) {
            return;
        }
        if (!queryOutstanding) {
            queryOutstanding = true;
            queryStartedNanos = clock.nanoTime();
            handedSinceQuery = 0;
            carrier.write(setHardware("TXBUF:"));
        }
        scheduleWakeUp();
    }

    private long airNanos(int ax25Bytes) {
        // Frame plus FCS and a flag, bit stuffing on random data ~1.6 % (kiss-ax25.md section 9).
        return (long) ((ax25Bytes + 3) * 8 * 1.016 * 1e9 / config.bitrate());
    }

    private long keyingNanos() {
        return config.keyingTime().toNanos();
    }

    private void updateWritable() {
        changeWritability(state() == LinkState.UP && pending.isEmpty() && tncHasRoom(config.ax25FrameLength(config.paclen())));
    }

    @Override
    public void close() {
        if (state() == LinkState.CLOSED) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                if (changeState(LinkState.CLOSED, "closed")) {
                    changeWritability(false);
                    for (Outbound o : pending) {
                        o.future.completeExceptionally(new TransportException("link " + uri() + " closed before the frame reached the TNC"));
                    }
                    pending.clear();
                    pendingCount = 0;
                }
                done.complete(null);
            });
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            changeState(LinkState.CLOSED, "closed; the link thread did not answer: " + e);
        } finally {
            carrier.close();
            executor.shutdown();
        }
    }

    @Override
    public String toString() {
        return "KissLink[" + uri() + ", " + state() + ", pending " + pendingCount + "]";
    }
}
