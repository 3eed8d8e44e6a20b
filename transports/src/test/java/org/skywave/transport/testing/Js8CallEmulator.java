package org.skywave.transport.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.skywave.transport.js8call.Js8ApiMessage;
import org.skywave.transport.js8call.Js8FormatException;
import org.skywave.transport.js8call.Js8Speed;

/**
 * JS8Call's TCP API as seen by a client, following {@code ../shared/specs/js8call.md} (2.2.x) and
 * the exchanges recorded in {@code ../shared/specs/test-peers.md} section 2, on a {@link Js8Channel}
 * instead of audio.
 *
 * <p>What it does as JS8Call does: replies carry the request's numeric {@code _ID}, events
 * {@code _ID} -1 (section 3); non-JSON gets {@code API.ERROR "Invalid JSON (unparsable)"}; unknown
 * types get no reply (section 4); {@code MODE.SET_SPEED} changes nothing (2.2.x, section 11);
 * {@code TX.SEND_MESSAGE} queues text, which moves into the outgoing box only when the box is
 * empty, and keys up only with AUTO on — without AUTO it stays in the box and blocks every later
 * message (section 6); a text of more than 5 characters all the same is refused as a stuck key;
 * text is upper-cased and filtered to the TX character set (section 8). A message goes out at
 * the next period boundary, one frame per period, with {@code RIG.PTT on}, {@code TX.FRAME} and
 * {@code RIG.PTT off} per frame; the box is empty once the last frame is sent. Receivers get one
 * {@code RX.ACTIVITY} per frame and {@code RX.DIRECTED} ({@code "FROM: TO  text ♢ "}) after the
 * last (section 5), only at the same speed.
 *
 * <p>Frame count: one header frame, two when either callsign does not fit the standard packing
 * (as N0CALL, seen in test-peers.md); data frames hold 71 bits (69 at Normal) of text at 5 bits
 * for E T A O I N S and 9 bits for every other character — JSC's single-character costs
 * (section 8), without its dictionary of words, so English costs more here than on the air.
 * Times are the speed's, multiplied by {@code timeScale} so that tests run fast.
 */
public final class Js8CallEmulator implements AutoCloseable {

    /** Standard callsign packing: optional prefix character, letter-or-digit, digit, up to 3 letters (varicode.cpp pack_callsign_pattern). */
    private static final Pattern STANDARD_CALL = Pattern.compile("[A-Z0-9]?[A-Z0-9][0-9][A-Z]{0,3}");
    private static final Pattern CALLSIGN = Pattern.compile("@?[A-Z0-9/]{3,12}");
    /** Share of a period that the signal lasts (Turbo 3.95 s of 6 s, Normal 12.64 of 15; js8call.md section 9). */
    private static final double SIGNAL_SHARE = 0.66;

    private final String callsign;
    private final Js8Speed speed;
    private final double timeScale;
    private final Js8Channel channel;
    private final ScheduledExecutorService air;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ArrayDeque<String> txQueue = new ArrayDeque<>();
    private final AtomicInteger messagesAired = new AtomicInteger();
    private final AtomicInteger framesAired = new AtomicInteger();
    private final AtomicInteger handedWhileBusy = new AtomicInteger();
    private final long epochNanos = System.nanoTime();

    private volatile boolean auto = true;
    /** How long {@link #restart()} tries to bind its old port again. */
    private static final java.time.Duration REBIND_WAIT = java.time.Duration.ofSeconds(15);

    private volatile ServerSocket server;
    private volatile int port;
    private String box = "";
    private boolean transmitting;
    private boolean disabled;

    private record Client(Socket socket, OutputStream out) {
    }

    /**
     * @param port      TCP port on 127.0.0.1, 0 for any free one
     * @param timeScale JS8 time multiplied by this (1 = real time)
     */
    public Js8CallEmulator(String callsign, Js8Speed speed, Js8Channel channel, int port, double timeScale) throws IOException {
        this.callsign = callsign.toUpperCase(Locale.ROOT);
        this.speed = speed;
        this.channel = channel;
        this.timeScale = timeScale;
        this.air = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "js8call-emulator " + callsign);
            t.setDaemon(true);
            return t;
        });
        this.port = port;
        listen();
        channel.join(this);
        air.scheduleWithFixedDelay(this::processTxQueue, scaled(Duration.ofSeconds(1)), scaled(Duration.ofSeconds(1)),
                TimeUnit.NANOSECONDS);
    }

    public int port() {
        return port;
    }

    public String callsign() {
        return callsign;
    }

    /** AUTO on (default) or off: off, a queued message only fills the outgoing box. */
    public void setAuto(boolean on) {
        auto = on;
    }

    /** Whole messages aired so far. */
    public int messagesAired() {
        return messagesAired.get();
    }

    /** JS8 frames aired so far, header frames included. */
    public int framesAired() {
        return framesAired.get();
    }

    /** TX.SEND_MESSAGE requests that arrived while a message was on the air, in the box or queued. */
    public int messagesHandedWhileBusy() {
        return handedWhileBusy.get();
    }

    /** Stops the API server and drops its clients, as JS8Call quitting does; {@link #restart()} brings it back on the same port. */
    public void stop() throws IOException {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            s.close();
        }
        for (Client c : clients) {
            c.socket().close();
        }
        clients.clear();
    }

    /**
     * Listens again on the same port. The port came from the ephemeral range, so while it was free
     * the link's own redial may have taken it as its local port (a TCP self-connect on loopback):
     * binding is retried until that connection is dropped, for a bounded time.
     */
    public void restart() throws IOException {
        long deadline = System.nanoTime() + REBIND_WAIT.toNanos();
        while (true) {
            try {
                listen();
                return;
            } catch (java.net.BindException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void listen() throws IOException {
        ServerSocket s = new ServerSocket(port, 4, InetAddress.getLoopbackAddress());
        port = s.getLocalPort();
        server = s;
        Thread acceptor = new Thread(() -> accept(s), "js8call-emulator-accept " + callsign);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket socket = s.accept();
                Client c = new Client(socket, socket.getOutputStream());
                clients.add(c);
                Thread reader = new Thread(() -> read(c), "js8call-emulator-client " + callsign);
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void read(Client c) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.socket().getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                Js8ApiMessage m;
                try {
                    m = Js8ApiMessage.parse(trimmed);
                } catch (Js8FormatException e) {
                    write(c, Js8ApiMessage.of("API.ERROR", "Invalid JSON (unparsable)"));
                    continue;
                }
                air.execute(() -> request(c, m));
            }
        } catch (IOException e) {
            // client gone
        } finally {
            clients.remove(c);
        }
    }

    private void request(Client c, Js8ApiMessage m) {
        long id = m.id();
        switch (m.type()) {
            case "STATION.GET_CALLSIGN" -> reply(c, "STATION.CALLSIGN", callsign, id, Js8ApiMessage.newParams());
            case "STATION.GET_GRID" -> reply(c, "STATION.GRID", "FN20", id, Js8ApiMessage.newParams());
            case "MODE.GET_SPEED", "MODE.SET_SPEED" -> {
                ObjectNode p = Js8ApiMessage.newParams();
                p.put("SPEED", speed.id());
                reply(c, "MODE.SPEED", "", id, p);
            }
            case "TX.GET_TEXT" -> reply(c, "TX.TEXT", box, id, Js8ApiMessage.newParams());
            case "TX.SEND_MESSAGE" -> {
                if (!m.value().isEmpty()) {
                    if (transmitting || !box.isEmpty() || !txQueue.isEmpty()) {
                        handedWhileBusy.incrementAndGet();
                    }
                    txQueue.add(m.value());
                }
            }
            default -> {
                // JS8Call answers unknown types with nothing at all.
            }
        }
    }

    private void reply(Client c, String type, String value, long id, ObjectNode params) {
        params.put("_ID", id);
        write(c, new Js8ApiMessage(type, value, params));
    }

    private void event(String type, String value, ObjectNode params) {
        params.put("_ID", -1);
        Js8ApiMessage m = new Js8ApiMessage(type, value, params);
        for (Client c : clients) {
            write(c, m);
        }
    }

    private static void write(Client c, Js8ApiMessage m) {
        byte[] line = (m.toLine() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (c) {
            try {
                c.out().write(line);
                c.out().flush();
            } catch (IOException e) {
                // client gone; its reader cleans up
            }
        }
    }

    /** JS8Call's processTxQueue, once a second: the head of the queue moves into an empty box (js8call.md section 6). */
    private void processTxQueue() {
        if (disabled || transmitting || !box.isEmpty() || txQueue.isEmpty()) {
            return;
        }
        box = filter(txQueue.poll());
        if (!auto && !box.contains(" ACK ") && !box.contains(" HB ")) {
            return; // sits in the box, blocking the queue, as JS8Call does without AUTO
        }
        if (box.length() > 5 && box.chars().distinct().count() == 1) {
            disabled = true; // stuck-key guard: JS8Call stops TX and disables the GUI
            box = "";
            return;
        }
        transmit(box);
    }

    private void transmit(String text) {
        String to = "";
        String body = text;
        int space = text.indexOf(' ');
        if (space > 0 && CALLSIGN.matcher(text.substring(0, space)).matches() && !text.substring(0, space).equals(callsign)) {
            to = text.substring(0, space);
            body = text.substring(space + 1);
        }
        int header = to.isEmpty() ? 1 : STANDARD_CALL.matcher(callsign).matches() && STANDARD_CALL.matcher(to).matches() ? 1 : 2;
        int frames = header + dataFrames(body);
        transmitting = true;
        long periodNanos = scaled(speed.period());
        long sinceEpoch = System.nanoTime() - epochNanos;
        long start = (sinceEpoch / periodNanos + 1) * periodNanos - sinceEpoch;
        for (int i = 0; i < frames; i++) {
            long at = start + i * periodNanos;
            air.schedule(() -> keyFrame(true), at, TimeUnit.NANOSECONDS);
            air.schedule(() -> keyFrame(false), at + (long) (periodNanos * SIGNAL_SHARE), TimeUnit.NANOSECONDS);
        }
        Js8Channel.Transmission t = new Js8Channel.Transmission(this, to, body, frames);
        air.schedule(() -> {
            transmitting = false;
            box = "";
            messagesAired.incrementAndGet();
            channel.air(t, scaled(speed.period()) / 1_000_000 * frames);
        }, start + (frames - 1) * periodNanos + (long) (periodNanos * SIGNAL_SHARE) + 1, TimeUnit.NANOSECONDS);
    }

    private void keyFrame(boolean on) {
        ObjectNode p = Js8ApiMessage.newParams();
        p.put("PTT", on);
        p.put("UTC", System.currentTimeMillis());
        event("RIG.PTT", on ? "on" : "off", p);
        if (on) {
            framesAired.incrementAndGet();
            ObjectNode f = Js8ApiMessage.newParams();
            ArrayNode tones = f.putArray("TONES");
            for (int i = 0; i < 79; i++) {
                tones.add(0);
            }
            event("TX.FRAME", "", f);
        }
    }

    /** Called by the channel when another station's message arrives here whole. */
    void hear(Js8Channel.Transmission t) {
        air.execute(() -> {
            if (t.from().speed != speed) {
                return; // another submode: not decoded
            }
            for (int i = 0; i < t.frames(); i++) {
                ObjectNode a = Js8ApiMessage.newParams();
                a.put("SNR", -10).put("SPEED", speed.id()).put("OFFSET", 1500).put("UTC", System.currentTimeMillis());
                event("RX.ACTIVITY", i == t.frames() - 1 ? t.text() : "", a);
            }
            if (t.to().isEmpty()) {
                return;
            }
            String text = t.from().callsign + ": " + t.to() + "  " + t.text() + " \u2662 ";
            ObjectNode p = Js8ApiMessage.newParams();
            p.put("FROM", t.from().callsign).put("TO", t.to()).put("CMD", " ").put("GRID", " FN20").put("EXTRA", "")
                    .put("TEXT", text).put("SNR", -10).put("SPEED", speed.id()).put("OFFSET", 1500)
                    .put("DIAL", 14078000).put("FREQ", 14079500).put("TDRIFT", 0.1).put("UTC", System.currentTimeMillis());
            event("RX.DIRECTED", text, p);
        });
    }

    /** Upper case, only LF and 0x20-0x7E kept (js8call.md section 8, TransmitTextEdit). */
    private static String filter(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '\n' || (c >= 0x20 && c < 0x7f)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Data frames for {@code text}: JSC single-character costs packed into each frame's text bits. */
    int dataFrames(String text) {
        int capacity = speed == Js8Speed.NORMAL ? 69 : 71;
        int frames = 0;
        int used = capacity;
        for (char c : text.toCharArray()) {
            int bits = "ETAOINS".indexOf(c) >= 0 ? 5 : 9;
            if (used + bits > capacity) {
                frames++;
                used = 0;
            }
            used += bits;
        }
        return frames;
    }

    private long scaled(Duration d) {
        return Math.max(1, (long) (d.toNanos() * timeScale));
    }

    @Override
    public void close() throws IOException {
        channel.leave(this);
        stop();
        air.shutdownNow();
    }
}
