package org.skywave.transport.js8call;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.LinkTasks;
import org.tinylog.Logger;

/**
 * A station's conversation with JS8Call over its API (js8call.md sections 4-6 and 12).
 *
 * <p>On every connect it asks for the station callsign and refuses to go on if it is not the
 * configured one; it then sets the speed and reads it back (JS8Call 2.2 ignores the setting: the
 * speed it reports is the one used, with a warning). It sends directed messages one at a time:
 * a message is handed over only when JS8Call's outgoing text box is empty and the transmitter is
 * off, and counts as sent once the transmitter went on and off again and the box is empty. It
 * reports the directed messages addressed to our callsign or our group.
 *
 * <p>All state lives on the link's thread ({@code executor}); the listener is called from it.
 */
public final class Js8ApiClient {

    /** What the client reports, on the link's thread. */
    public interface Listener {
        /** Callsign checked, speed known: messages flow. */
        void ready(Js8Speed speed, String detail);

        /** Not connected, or connected to the wrong station; {@code reason} says which. */
        void down(String reason);

        /** A complete directed message to us or our group. */
        void directed(String from, String to, String text);
    }

    /** A reply not received in this time counts as lost; JS8Call answers in milliseconds. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    /** Pause before asking again whether the text box is empty. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(1_000);
    /** Delay after the transmitter went off before the box is checked: JS8Call clears it after the last frame. */
    static final Duration AFTER_PTT_OFF = Duration.ofMillis(300);
    /** Connected to a JS8Call with another callsign: ask again this often, in case the operator fixes it. */
    static final Duration WRONG_STATION_RECHECK = Duration.ofSeconds(30);
    /** Messages waiting here at most; a sender that ignores back-pressure gets errors past this. */
    static final int MAX_QUEUED = 256;

    private enum Phase { DISCONNECTED, CHECKING_CALLSIGN, CHECKING_SPEED, READY, WRONG_STATION }

    private record Outgoing(String to, String text, Duration maxAirtime, CompletableFuture<Void> done) {
    }

    private final String host;
    private final int port;
    private final String callsign;
    private final Set<String> addressees;
    private final Js8Speed wantedSpeed;
    private final Listener listener;
    private final ScheduledExecutorService executor;
    private final Js8ApiConnection connection;
    private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong unknownMessages = new AtomicLong();

    private Phase phase = Phase.DISCONNECTED;
    private Js8Speed speed;
    private boolean transmitting;
    private Outgoing current;
    private boolean keyedForCurrent;
    private long pendingTextQuery;
    private long pendingCallsignQuery;
    private long pendingSpeedQuery;
    private ScheduledFuture<?> currentDeadline;
    private ScheduledFuture<?> replyTimer;
    private ScheduledFuture<?> pollTimer;
    private volatile int queued;

    /**
     * @param callsign our licensed callsign; JS8Call's MyCall must equal it
     * @param group    our group ({@code @SKYWAVE}) or null: directed messages to it are ours too
     */
    public Js8ApiClient(String host, int port, String callsign, String group, Js8Speed speed, Listener listener,
            ScheduledExecutorService executor) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.callsign = callsign.toUpperCase(Locale.ROOT);
        this.addressees = group == null ? Set.of(this.callsign) : Set.of(this.callsign, group.toUpperCase(Locale.ROOT));
        this.wantedSpeed = Objects.requireNonNull(speed, "speed");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.connection = new Js8ApiConnection(host, port, new Js8ApiConnection.Handler() {
            @Override
            public void connected() {
                run(Js8ApiClient.this::onConnected);
            }

            @Override
            public void message(Js8ApiMessage message) {
                run(() -> onMessage(message));
            }

            @Override
            public void disconnected(String reason) {
                run(() -> onDisconnected(reason));
            }
        });
    }

    public void start() {
        connection.start();
    }

    public void close() {
        connection.close();
        run(() -> {
            failAll(new TransportException("JS8Call link to " + describe() + " closed"));
            cancel(replyTimer);
            cancel(pollTimer);
        });
    }

    public String describe() {
        return connection.describe();
    }

    /** Lines from JS8Call that were not JSON objects with a type. */
    public long malformedLines() {
        return connection.malformedLines();
    }

    /** Well-formed messages of a type this client does not use. */
    public long unknownMessages() {
        return unknownMessages.get();
    }

    /** Messages waiting to be handed to JS8Call, the one on the air included. */
    public int queued() {
        return queued;
    }

    /**
     * Queues {@code text} for {@code to}; the future completes once JS8Call has sent it, and fails
     * if JS8Call went away first or did not finish within {@code maxAirtime} plus a minute.
     */
    public CompletableFuture<Void> sendDirected(String to, String text, Duration maxAirtime) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            if (queue.size() >= MAX_QUEUED) {
                done.completeExceptionally(new TransportException("JS8Call link " + describe() + ": " + MAX_QUEUED
                        + " messages already queued"));
                return;
            }
            queue.add(new Outgoing(to, text, maxAirtime, done));
            queued = queue.size() + (current == null ? 0 : 1);
            pump();
        });
        return done;
    }

    private void run(Runnable task) {
        LinkTasks.post(executor, this::describe, "in the JS8Call client", task);
    }

    private long request(String type, String value, Map<String, Object> params) {
        long id = nextId.getAndUpdate(i -> i >= Integer.MAX_VALUE - 1 ? 1 : i + 1);
        connection.send(Js8ApiMessage.request(type, value, id, params));
        return id;
    }

    private void onConnected() {
        phase = Phase.CHECKING_CALLSIGN;
        transmitting = false;
        pendingCallsignQuery = request("STATION.GET_CALLSIGN", "", Map.of());
        awaitReply("STATION.GET_CALLSIGN");
    }

    private void awaitReply(String what) {
        cancel(replyTimer);
        replyTimer = executor.schedule(() -> run(() -> {
            if (phase == Phase.CHECKING_CALLSIGN || phase == Phase.CHECKING_SPEED) {
                Logger.warn("{}: no answer to {} within {} s; asking again", describe(), what, REPLY_TIMEOUT.toSeconds());
                onConnected();
            }
        }), REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onDisconnected(String reason) {
        boolean wrongStation = phase == Phase.WRONG_STATION;
        phase = Phase.DISCONNECTED;
        transmitting = false;
        cancel(replyTimer);
        if (current != null) {
            // JS8Call may or may not have aired it; the station's ACKs decide, not us.
            finishCurrent(new TransportException("JS8Call went away while sending: " + reason));
        }
        if (!wrongStation) {
            listener.down(reason);
        }
    }

    private void onMessage(Js8ApiMessage m) {
        switch (m.type()) {
            case "STATION.CALLSIGN" -> onCallsign(m);
            case "MODE.SPEED" -> onSpeed(m);
            case "TX.TEXT" -> onTxText(m);
            case "RIG.PTT" -> onPtt(m);
            case "RX.DIRECTED" -> onDirected(m);
            case "API.ERROR" -> Logger.warn("{}: JS8Call reports an API error: {}", describe(), m.value());
            case "RX.ACTIVITY", "RX.SPOT", "TX.FRAME", "STATION.STATUS", "RIG.FREQ", "PING", "CLOSE", "LOG.QSO" -> {
                // Heard, not needed: frames are taken whole from RX.DIRECTED.
            }
            default -> unknownMessages.incrementAndGet();
        }
    }

    private void onCallsign(Js8ApiMessage m) {
        if (phase != Phase.CHECKING_CALLSIGN || m.id() != pendingCallsignQuery) {
            return;
        }
        String theirs = m.value().strip().toUpperCase(Locale.ROOT);
        if (!theirs.equals(callsign)) {
            phase = Phase.WRONG_STATION;
            cancel(replyTimer);
            String reason = "JS8Call at " + describe() + " has station callsign '" + theirs + "' but this link is configured for '"
                    + callsign + "': set MyCall in JS8Call (Settings > General) or the link's callsign to the same licensed call";
            Logger.error(reason);
            listener.down(reason);
            executor.schedule(() -> run(() -> {
                if (phase == Phase.WRONG_STATION) {
                    onConnected();
                }
            }), WRONG_STATION_RECHECK.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        phase = Phase.CHECKING_SPEED;
        request("MODE.SET_SPEED", "", Map.of("SPEED", wantedSpeed.id()));
        pendingSpeedQuery = request("MODE.GET_SPEED", "", Map.of());
        awaitReply("MODE.GET_SPEED");
    }

    private void onSpeed(Js8ApiMessage m) {
        if (phase != Phase.CHECKING_SPEED || m.id() != pendingSpeedQuery) {
            return;
        }
        cancel(replyTimer);
        Js8Speed actual;
        try {
            actual = Js8Speed.fromId((int) m.longParam("SPEED", -1));
        } catch (Js8FormatException e) {
            Logger.warn("{}: {}; assuming {}", describe(), e.getMessage(), wantedSpeed);
            actual = wantedSpeed;
        }
        String detail = "JS8Call " + describe() + " station " + callsign + " at " + actual;
        if (actual != wantedSpeed) {
            detail += " (configured " + wantedSpeed + ": JS8Call 2.2 does not change speed over the API; set SubMode="
                    + wantedSpeed.id() + " in JS8Call.ini or choose the speed in JS8Call)";
            Logger.warn("{}: {}", describe(), detail);
        }
        speed = actual;
        phase = Phase.READY;
        listener.ready(actual, detail);
        pump();
    }

    /** Hands the next message to JS8Call once it is idle: asks for the text box first. */
    private void pump() {
        if (phase != Phase.READY || current != null || queue.isEmpty() || pendingTextQuery != 0) {
            return;
        }
        pendingTextQuery = request("TX.GET_TEXT", "", Map.of());
    }

    private void onTxText(Js8ApiMessage m) {
        if (m.id() != pendingTextQuery || pendingTextQuery == 0) {
            return;
        }
        pendingTextQuery = 0;
        boolean boxEmpty = m.value().isBlank();
        if (current != null) {
            if (boxEmpty && keyedForCurrent && !transmitting) {
                finishCurrent(null);
                pump();
            }
            return;
        }
        if (phase != Phase.READY || queue.isEmpty()) {
            return;
        }
        if (!boxEmpty || transmitting) {
            // Someone (the operator, or JS8Call's own reply) is using the transmitter: wait.
            cancel(pollTimer);
            pollTimer = executor.schedule(() -> run(this::pump), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        current = queue.poll();
        keyedForCurrent = false;
        request("TX.SEND_MESSAGE", current.to() + " " + current.text(), Map.of());
        Duration max = current.maxAirtime().plusMinutes(1);
        Outgoing sent = current;
        currentDeadline = executor.schedule(() -> run(() -> {
            if (current == sent) {
                finishCurrent(new TransportException("JS8Call at " + describe() + " did not finish sending within "
                        + max.toSeconds() + " s: is AUTO on (AutoreplyOnAtStartup) and TX enabled?"));
                pump();
            }
        }), max.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void onPtt(Js8ApiMessage m) {
        boolean on = m.params().has("PTT") ? m.params().get("PTT").asBoolean() : "on".equalsIgnoreCase(m.value());
        transmitting = on;
        if (current == null) {
            return;
        }
        if (on) {
            keyedForCurrent = true;
        } else if (keyedForCurrent) {
            executor.schedule(() -> run(() -> {
                if (current != null && pendingTextQuery == 0) {
                    pendingTextQuery = request("TX.GET_TEXT", "", Map.of());
                }
            }), AFTER_PTT_OFF.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void onDirected(Js8ApiMessage m) {
        String to = m.param("TO").strip().toUpperCase(Locale.ROOT);
        if (!addressees.contains(to)) {
            return;
        }
        String text = m.param("TEXT").isEmpty() ? m.value() : m.param("TEXT");
        listener.directed(m.param("FROM").strip().toUpperCase(Locale.ROOT), to, text);
    }

    private void finishCurrent(Throwable failure) {
        Outgoing done = current;
        current = null;
        keyedForCurrent = false;
        cancel(currentDeadline);
        queued = queue.size();
        if (failure == null) {
            done.done().complete(null);
        } else {
            done.done().completeExceptionally(failure);
        }
    }

    private void failAll(TransportException failure) {
        if (current != null) {
            finishCurrent(failure);
        }
        for (Outgoing o : queue) {
            o.done().completeExceptionally(failure);
        }
        queue.clear();
        queued = 0;
    }

    /** The speed JS8Call reported, or null before the first connect. */
    public Js8Speed speed() {
        return speed;
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
