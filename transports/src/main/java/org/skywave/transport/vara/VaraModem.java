package org.skywave.transport.vara;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * The host side of one VARA modem: connects to its two ports, configures it, calls and answers
 * stations, and follows what the modem reports (vara.md sections 2-7). A state machine
 * ({@link VaraState}) driven by the modem's lines; every command is answered or timed out.
 *
 * <p>Radio rules: never calls while the channel is busy or a call is being decoded (waits for
 * BUSY OFF, then a random back-off); refuses an encrypted link (section 10).
 *
 * <p>Liveness: the modem connection is dropped and dialled again with back-off when a socket
 * closes, a command goes unanswered, no line arrives for the alive timeout (IAMALIVE comes every
 * 60 s), or the modem reports MISSING SOUNDCARD.
 *
 * <p>Every method must be called on the executor given; events are delivered on it.
 */
final class VaraModem {

    /** What the modem reports to the link. */
    interface Events {
        void modemUp(String detail);

        void modemDown(String reason);

        void sessionOpening(VaraAddress peer);

        void sessionUp(VaraAddress peer, boolean inbound, String bandwidth);

        void sessionDown(VaraAddress peer, String reason);

        void sessionFailed(VaraAddress peer, String reason);

        /** A Skywave frame from {@code peer}, also one that arrives just after DISCONNECTED (section 6). */
        void frame(VaraAddress peer, byte[] frame);

        void bitrate(int bitsPerSecond);

        void busy(boolean busy);

        /** The modem's TX buffer figure changed (BUFFER n, or bytes written). */
        void bufferChanged(long bytes);
    }

    /** How often timeouts are checked. */
    static final long TICK_MILLIS = 100;
    /** Reconnects to the modem start after 1 s and grow to at most 60 s. */
    static final long RECONNECT_MIN_MILLIS = 1_000;
    static final long RECONNECT_MAX_MILLIS = 60_000;
    /** Pat waits 60 s for DISCONNECTED before it sends ABORT (section 6). */
    static final long DISCONNECT_TIMEOUT_MILLIS = 60_000;
    /** Pat waits 2 s after its last data write before DISCONNECT (section 6). */
    static final long QUIET_BEFORE_DISCONNECT_MILLIS = 2_000;
    /** Bytes can follow DISCONNECTED by a moment, as the two ports are not ordered (section 6: Pat keeps reading 2 s). */
    static final long LATE_DATA_MILLIS = 2_000;

    private final VaraTransportConfig config;
    private final ScheduledExecutorService executor;
    private final Events events;
    private final Random random;
    private final Predicate<VaraAddress> mayCallIn;
    private final EventLoopGroup group;

    private VaraModemSockets sockets;
    private VaraCommandChannel commands;
    private int generation;
    private boolean ready;
    private boolean closed;
    private VaraState state = VaraState.DISCONNECTED;
    private VaraAddress peer;
    private VaraAddress lastPeer;
    private long lastPeerEndedNanos;
    private boolean refusedCaller;
    private boolean encryptedAnnounced;
    private boolean disconnectSent;
    private ScheduledFuture<?> disconnectLater;
    private long lastWriteNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(60);
    private String closingReason;
    private boolean busy;
    private boolean pendingInbound;
    private VaraAddress wantedCall;
    private long wantedSinceNanos;
    private ScheduledFuture<?> callAttempt;
    /** Bytes handed to the modem and not yet known to be carried: written minus acknowledged (see {@link #onBuffer}). */
    private long modemBuffer;
    private long sessionWritten;
    private long sessionAcked;
    private long lastReported;
    private long lastLineNanos;
    private long stateDeadlineNanos;
    private final Backoff reconnectBackoff;
    private int redials;
    private ScheduledFuture<?> ticker;
    private ScheduledFuture<?> reconnect;

    /**
     * @param mayCallIn whether a caller may have a session with us (the config's allow list, minus banned stations)
     */
    VaraModem(VaraTransportConfig config, EventLoopGroup group, ScheduledExecutorService executor, Events events, Random random,
            Predicate<VaraAddress> mayCallIn) {
        this.group = Objects.requireNonNull(group, "group");
        this.config = Objects.requireNonNull(config, "config");
        this.mayCallIn = Objects.requireNonNull(mayCallIn, "mayCallIn");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.events = Objects.requireNonNull(events, "events");
        this.random = Objects.requireNonNull(random, "random");
        this.reconnectBackoff = new Backoff(Duration.ofMillis(RECONNECT_MIN_MILLIS), Duration.ofMillis(RECONNECT_MAX_MILLIS),
                Backoff.Jitter.FULL, random);
    }

    String describe() {
        return config.kind().scheme + " modem " + config.host() + ":" + config.commandPort() + "/" + config.dataPort();
    }

    VaraState state() {
        return state;
    }

    boolean ready() {
        return ready;
    }

    boolean busy() {
        return busy || pendingInbound;
    }

    VaraAddress peer() {
        return peer;
    }

    long modemBuffer() {
        return modemBuffer;
    }

    /** Dials the modem; retries with back-off until {@link #close()}. */
    void start() {
        ticker = executor.scheduleWithFixedDelay(() -> guard(this::tick), TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        connectModem();
    }

    private void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            Logger.error(e, "{}: unexpected error", describe());
        }
    }

    private void post(int gen, Runnable r) {
        try {
            executor.execute(() -> {
                if (gen == generation && !closed) {
                    guard(r);
                }
            });
        } catch (RejectedExecutionException ignored) {
            // Closed: late reads are of no interest.
        }
    }

    private void connectModem() {
        reconnect = null;
        if (closed) {
            return;
        }
        int gen = ++generation;
        try {
            sockets = VaraModemSockets.open(group, config.host(), config.commandPort(), config.dataPort(), new VaraModemSockets.Sink() {
                @Override
                public void line(String line) {
                    post(gen, () -> onLine(line));
                }

                @Override
                public void frame(byte[] frame) {
                    post(gen, () -> onFrame(frame));
                }

                @Override
                public void malformed(String what) {
                    post(gen, () -> onMalformed(what));
                }

                @Override
                public void closed(String reason) {
                    post(gen, () -> modemLost(reason));
                }
            });
        } catch (IOException e) {
            events.modemDown(e.getMessage());
            scheduleReconnect(e.getMessage());
            return;
        }
        long now = System.nanoTime();
        lastLineNanos = now;
        commands = new VaraCommandChannel(this::writeCommand, config.replyTimeout().toNanos());
        configure(gen);
    }

    /** MYCALL, bandwidth and session mode (HF), no compression of binary frames, LISTEN, VERSION: section 5's start-up. */
    private void configure(int gen) {
        List<String> setup = new ArrayList<>();
        setup.add("MYCALL " + config.callsign());
        if (config.kind() == VaraTransportConfig.Kind.HF) {
            setup.add("BW" + config.bandwidth());
            setup.add(config.p2p() ? "P2P SESSION" : "WINLINK SESSION");
        }
        // TEXT (the default) Huffman-codes text; Skywave frames are binary CBOR, so it would only cost airtime.
        setup.add("COMPRESSION OFF");
        setup.add(config.listens() ? "LISTEN ON" : "LISTEN OFF");
        setup.add("VERSION");
        List<CompletableFuture<VaraReply>> answers = new ArrayList<>();
        for (String c : setup) {
            answers.add(command(c));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> post(gen, () -> {
            if (error != null) {
                return; // modemLost already reported it
            }
            for (int i = 0; i < setup.size(); i++) {
                VaraReply reply = answers.get(i).join();
                String c = setup.get(i);
                if (reply.kind() == VaraReply.Kind.WRONG) {
                    if (c.startsWith("MYCALL") || c.startsWith("LISTEN")) {
                        modemLost("the modem refused '" + c + "' (WRONG); check the callsign and the modem's version");
                        return;
                    }
                    // Older versions answer VERSION with WRONG (section 2); the others are settings the modem may lack.
                    Logger.info("{}: the modem refused '{}' (WRONG); going on without it", describe(), c);
                }
            }
            VaraReply versionReply = answers.get(setup.size() - 1).join();
            String version = versionReply.kind() == VaraReply.Kind.VERSION ? versionReply.line().substring("VERSION ".length()) : "";
            ready = true;
            reconnectBackoff.reset();
            redials = 0;
            state = config.listens() ? VaraState.LISTENING : VaraState.DISCONNECTED;
            events.modemUp("modem " + (version.isEmpty() ? "(version unknown)" : version) + " at " + sockets.describe()
                    + " as " + config.callsign() + (config.listens() ? ", listening" : ""));
            tryCall();
        }));
    }

    private CompletableFuture<VaraReply> command(String text) {
        return commands.send(text, System.nanoTime());
    }

    private void writeCommand(String line) {
        if (sockets != null) {
            sockets.writeCommand(line); // a failed write closes the connection, which reports the loss
        }
    }

    private void onLine(String text) {
        lastLineNanos = System.nanoTime();
        VaraReply reply;
        try {
            reply = VaraReply.parse(text);
        } catch (VaraProtocolException e) {
            Logger.warn("{}: {}", describe(), e.getMessage());
            return;
        }
        if (commands.answer(reply, lastLineNanos)) {
            return;
        }
        switch (reply.kind()) {
            case CONNECTED -> onConnected(reply);
            case DISCONNECTED -> onDisconnected();
            case PENDING -> channel(busy, true);
            case CANCELPENDING -> channel(busy, false);
            case BUSY -> channel(reply.on(), pendingInbound);
            case BUFFER -> {
                onBuffer(quietly(reply, VaraReply::bufferBytes, (int) lastReported));
                if (state == VaraState.DISCONNECTING && modemBuffer == 0 && closingReason != null) {
                    sendDisconnect();
                }
            }
            case BITRATE -> {
                if (state == VaraState.CONNECTED) {
                    events.bitrate(quietly(reply, VaraReply::bitrate, 0));
                }
            }
            case MISSING_SOUNDCARD -> modemLost("the modem reports MISSING SOUNDCARD: its sound card driver crashed; restart the modem's PC");
            case ENCRYPTED_LINK -> {
                if (state == VaraState.CONNECTED) {
                    refuseEncrypted();
                } else {
                    encryptedAnnounced = true; // it comes just before CONNECTED (section 3)
                }
            }
            case UNENCRYPTED_LINK -> encryptedAnnounced = false;
            case OK, WRONG, VERSION, CLEANTXBUFFER -> Logger.debug("{}: '{}' answers no command", describe(), text);
            case OTHER -> Logger.debug("{}: ignoring '{}'", describe(), text);
            default -> {
                // IAMALIVE (liveness only), PTT (the modem keys through its own settings), REGISTERED, SN, ...
            }
        }
    }

    /**
     * {@code BUFFER n} counts what the modem holds, but a report may predate bytes still on their
     * way to it, so n is not taken as is (Pat's rule, which overwrites its counter with n, let
     * a flood pile up in the modem here). Only a fall of n is an acknowledgement; what is in the
     * modem or on its way is what was written minus what was acknowledged. {@code BUFFER 0}
     * re-synchronises: everything written before it has been carried.
     */
    private void onBuffer(int n) {
        if (n < lastReported) {
            sessionAcked += lastReported - n;
        }
        lastReported = n;
        if (n == 0) {
            sessionAcked = sessionWritten;
        }
        sessionAcked = Math.min(sessionAcked, sessionWritten);
        modemBuffer = sessionWritten - sessionAcked;
        events.bufferChanged(modemBuffer);
    }

    /** The channel is in use while the busy detector says so or a call to us is being decoded (PENDING). */
    private void channel(boolean nowBusy, boolean nowPending) {
        boolean before = busy();
        busy = nowBusy;
        pendingInbound = nowPending;
        if (busy() != before) {
            events.busy(busy());
        }
        tryCall();
    }

    private interface IntField {
        int read(VaraReply reply) throws VaraProtocolException;
    }

    private int quietly(VaraReply reply, IntField field, int fallback) {
        try {
            return field.read(reply);
        } catch (VaraProtocolException e) {
            Logger.warn("{}: {}", describe(), e.getMessage());
            return fallback;
        }
    }

    /** Section 10: no encryption on amateur radio; ABORT, and the session ends with this reason. */
    private void refuseEncrypted() {
        Logger.error("{}: the modem reports an ENCRYPTED LINK with {}; encryption is not allowed on amateur radio: aborting",
                describe(), peer);
        closingReason = "encrypted link refused (no encryption on amateur radio)";
        state = VaraState.DISCONNECTING;
        stateDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCONNECT_TIMEOUT_MILLIS);
        command("ABORT");
    }

    private void onConnected(VaraReply reply) {
        if (pendingInbound) {
            pendingInbound = false;
            events.busy(busy());
        }
        VaraAddress source;
        VaraAddress destination;
        try {
            source = VaraAddress.parse(reply.source());
            destination = VaraAddress.parse(reply.destination());
        } catch (IllegalArgumentException e) {
            Logger.warn("{}: '{}' names no valid callsigns; aborting the session", describe(), reply.line());
            command("ABORT");
            return;
        }
        boolean outbound = state == VaraState.CONNECTING && source.equals(config.callsign()) && destination.equals(peer);
        if (!outbound) {
            VaraAddress caller = destination.equals(config.callsign()) ? source : destination;
            if (state == VaraState.CONNECTING && peer != null && !peer.equals(caller)) {
                events.sessionFailed(peer, caller + " called in first");
            }
            peer = caller;
            if (!mayCallIn.test(peer)) {
                Logger.warn("{}: {} called in but is not allowed to (allow=...); hanging up", describe(), peer);
                refusedCaller = true;
                state = VaraState.DISCONNECTING;
                closingReason = "caller not allowed";
                sendDisconnect();
                return;
            }
        }
        refusedCaller = false;
        closingReason = null;
        if (encryptedAnnounced) {
            encryptedAnnounced = false;
            if (outbound) {
                events.sessionFailed(peer, "encrypted link refused (no encryption on amateur radio)");
            }
            refusedCaller = true; // no session is reported, and none of its bytes are read
            state = VaraState.CONNECTED;
            refuseEncrypted();
            return;
        }
        if (peer.equals(wantedCall)) {
            wantedCall = null; // it called us first: the call we meant to make is done
        }
        state = VaraState.CONNECTED;
        resetBuffer();
        sockets.restartFraming();
        events.sessionUp(peer, !outbound, reply.bandwidth());
    }

    private void onDisconnected() {
        VaraAddress was = peer;
        VaraState before = state;
        endSession();
        if (before == VaraState.CONNECTING) {
            events.sessionFailed(was, "no answer from " + was + " (DISCONNECTED)");
        } else if ((before == VaraState.CONNECTED || before == VaraState.DISCONNECTING) && !refusedCaller) {
            events.sessionDown(was, before == VaraState.DISCONNECTING && closingReason != null ? closingReason
                    : "ended by " + was + " or lost on the channel");
        }
        refusedCaller = false;
        closingReason = null;
        tryCall();
    }

    private void endSession() {
        if (peer != null) {
            lastPeer = peer;
            lastPeerEndedNanos = System.nanoTime();
        }
        peer = null;
        resetBuffer();
        state = ready ? (config.listens() ? VaraState.LISTENING : VaraState.DISCONNECTED) : VaraState.DISCONNECTED;
        events.bufferChanged(0);
    }

    private void resetBuffer() {
        disconnectSent = false;
        if (disconnectLater != null) {
            disconnectLater.cancel(false);
            disconnectLater = null;
        }
        modemBuffer = 0;
        sessionWritten = 0;
        sessionAcked = 0;
        lastReported = 0;
    }

    /** The station a frame from the data port came from: the one in session, or the one whose session just ended. */
    private VaraAddress sender() {
        if (state == VaraState.CONNECTED || state == VaraState.DISCONNECTING) {
            return refusedCaller ? null : peer;
        }
        return lastPeer != null && System.nanoTime() - lastPeerEndedNanos < TimeUnit.MILLISECONDS.toNanos(LATE_DATA_MILLIS)
                ? lastPeer : null;
    }

    private void onFrame(byte[] frame) {
        VaraAddress from = sender();
        if (from != null) {
            events.frame(from, frame);
        } else {
            Logger.warn("{}: a frame of {} bytes on the data port with no session; dropped", describe(), frame.length);
        }
    }

    private void onMalformed(String what) {
        Logger.warn("{}: {}; skipped", describe(), what);
    }

    // ---- Calls ----

    /** Asks for a session with {@code callee}; the outcome comes as sessionUp or sessionFailed. */
    void call(VaraAddress callee) {
        Objects.requireNonNull(callee, "callee");
        if ((state == VaraState.CONNECTED || state == VaraState.CONNECTING) && callee.equals(peer)) {
            return;
        }
        if (wantedCall != null && !wantedCall.equals(callee)) {
            events.sessionFailed(wantedCall, "a call to " + callee + " was asked for instead");
        }
        if (wantedCall == null || !wantedCall.equals(callee)) {
            wantedSinceNanos = System.nanoTime();
        }
        wantedCall = callee;
        events.sessionOpening(callee);
        tryCall();
    }

    /** Calls the wanted station if the modem is idle and the channel free; otherwise waits (section 7). */
    private void tryCall() {
        if (wantedCall == null || !ready || callAttempt != null
                || !(state == VaraState.LISTENING || state == VaraState.DISCONNECTED)) {
            return;
        }
        if (busy()) {
            return; // BUSY OFF or CANCELPENDING calls back here
        }
        // Back off a random time after the channel became free, so stations waiting on the same channel do not all key up at once.
        long jitter = config.busyBackoff().toMillis() == 0 ? 0 : (long) (random.nextDouble() * config.busyBackoff().toMillis());
        callAttempt = executor.schedule(() -> guard(() -> {
            callAttempt = null;
            if (wantedCall == null || !ready || busy() || !(state == VaraState.LISTENING || state == VaraState.DISCONNECTED)) {
                tryCall();
                return;
            }
            VaraAddress callee = wantedCall;
            wantedCall = null;
            peer = callee;
            state = VaraState.CONNECTING;
            stateDeadlineNanos = System.nanoTime() + config.connectTimeout().toNanos();
            String via = config.via().isEmpty() ? "" : " VIA " + String.join(" ", config.via().stream().map(VaraAddress::call).toList());
            command("CONNECT " + config.callsign() + " " + callee + via).thenAccept(reply -> executor.execute(() -> {
                if (reply.kind() == VaraReply.Kind.WRONG && state == VaraState.CONNECTING && callee.equals(peer)) {
                    endSession();
                    events.sessionFailed(callee, "the modem refused 'CONNECT " + config.callsign() + " " + callee + "' (WRONG)");
                    tryCall();
                }
            }));
        }), jitter, TimeUnit.MILLISECONDS);
    }

    /** Starts a graceful end of the session: DISCONNECT once the modem's buffer is empty (section 6). */
    void hangUp(String reason) {
        if (wantedCall != null) {
            // Not called yet (the channel is busy, or the back-off runs): drop the call.
            VaraAddress dropped = wantedCall;
            wantedCall = null;
            if (callAttempt != null) {
                callAttempt.cancel(false);
                callAttempt = null;
            }
            events.sessionFailed(dropped, reason);
            return;
        }
        if (state == VaraState.CONNECTING) {
            closingReason = reason;
            command("DISCONNECT");
            return;
        }
        if (state != VaraState.CONNECTED) {
            return;
        }
        state = VaraState.DISCONNECTING;
        closingReason = reason;
        stateDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCONNECT_TIMEOUT_MILLIS);
        if (modemBuffer == 0) {
            sendDisconnect();
        }
    }

    /**
     * DISCONNECT, once per session, and not sooner than {@link #QUIET_BEFORE_DISCONNECT_MILLIS}
     * after the last data write: the two ports are not ordered, so a DISCONNECT right behind a
     * write could overtake its bytes (section 6, Pat's 2 s).
     */
    private void sendDisconnect() {
        if (disconnectSent || disconnectLater != null) {
            return;
        }
        long wait = TimeUnit.MILLISECONDS.toNanos(QUIET_BEFORE_DISCONNECT_MILLIS) - (System.nanoTime() - lastWriteNanos);
        if (wait > 0) {
            disconnectLater = executor.schedule(() -> guard(() -> {
                disconnectLater = null;
                if (state == VaraState.DISCONNECTING) {
                    sendDisconnect();
                }
            }), wait, TimeUnit.NANOSECONDS);
            return;
        }
        disconnectSent = true;
        stateDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DISCONNECT_TIMEOUT_MILLIS);
        command("DISCONNECT");
    }

    /** Writes one Skywave frame into the session; only while a session is up (section 6). */
    boolean write(byte[] frame) {
        if (state != VaraState.CONNECTED || sockets == null) {
            return false;
        }
        sockets.writeFrame(frame);
        // Count what was written at once (Pat's rule, section 6), its length prefix included; see onBuffer.
        lastWriteNanos = System.nanoTime();
        sessionWritten += frame.length + VaraProfiles.FRAME_OVERHEAD;
        modemBuffer = sessionWritten - sessionAcked;
        events.bufferChanged(modemBuffer);
        return true;
    }

    // ---- Timeouts and loss ----

    private void tick() {
        if (sockets == null || closed) {
            return;
        }
        long now = System.nanoTime();
        String late = commands.timedOut(now);
        if (late != null) {
            modemLost("the modem did not answer '" + late + "' within " + seconds(config.replyTimeout()));
            return;
        }
        if (now - lastLineNanos > config.aliveTimeout().toNanos()) {
            modemLost("no line from the modem for " + seconds(config.aliveTimeout()) + " (IAMALIVE is due every 60 s)");
            return;
        }
        if (state == VaraState.CONNECTING && now - stateDeadlineNanos > 0) {
            VaraAddress was = peer;
            command("ABORT");
            endSession();
            events.sessionFailed(was, "no CONNECTED or DISCONNECTED within " + seconds(config.connectTimeout()));
            tryCall();
        } else if (state == VaraState.DISCONNECTING && now - stateDeadlineNanos > 0) {
            // Section 4: ABORT may bring no DISCONNECTED if a disconnect was under way; end it here, as Pat does.
            command("ABORT");
            onDisconnected();
        }
        if (wantedCall != null && busy() && now - wantedSinceNanos > config.busyTimeout().toNanos()) {
            VaraAddress gaveUp = wantedCall;
            wantedCall = null;
            events.sessionFailed(gaveUp, "channel busy for " + seconds(config.busyTimeout()));
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private void modemLost(String reason) {
        if (sockets == null) {
            return;
        }
        sockets.close();
        sockets = null;
        generation++;
        commands.failAll(reason);
        boolean wasReady = ready;
        ready = false;
        VaraAddress was = peer;
        VaraState before = state;
        state = VaraState.DISCONNECTED;
        peer = null;
        resetBuffer();
        if (callAttempt != null) {
            callAttempt.cancel(false);
            callAttempt = null;
        }
        if (before == VaraState.CONNECTING) {
            events.sessionFailed(was, "modem lost: " + reason);
        } else if (was != null && (before == VaraState.CONNECTED || before == VaraState.DISCONNECTING) && !refusedCaller) {
            events.sessionDown(was, "modem lost: " + reason);
        }
        if (wantedCall != null) {
            events.sessionFailed(wantedCall, "modem lost: " + reason);
            wantedCall = null;
        }
        busy = false;
        pendingInbound = false;
        Logger.warn("{}: {}", describe(), reason);
        events.modemDown(wasReady ? reason : "modem not ready: " + reason);
        scheduleReconnect(reason);
    }

    private void scheduleReconnect(String reason) {
        if (closed || reconnect != null) {
            return;
        }
        long delay = reconnectBackoff.next().toMillis();
        if (++redials == 1 || redials % 10 == 0) {
            Logger.info("{}: {}; trying again in {} ms", describe(), reason, delay);
        }
        reconnect = executor.schedule(() -> guard(this::connectModem), delay, TimeUnit.MILLISECONDS);
    }

    /** Leaves the modem: ABORT any session, close both ports. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (sockets != null && (state == VaraState.CONNECTED || state == VaraState.CONNECTING || state == VaraState.DISCONNECTING)) {
            sockets.closeAfter("ABORT");
            sockets = null;
        }
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        if (sockets != null) {
            sockets.close();
            sockets = null;
        }
        if (commands != null) {
            commands.failAll("link closed");
        }
    }
}
