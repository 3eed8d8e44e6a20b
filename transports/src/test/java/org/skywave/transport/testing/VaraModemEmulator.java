package org.skywave.transport.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A strict emulator of one VARA HF or VARA FM modem's host interface, written from
 * {@code ../shared/specs/vara.md} (section numbers below are that file's). It listens on a
 * command port (CR-terminated text lines) and a data port (raw bytes), answers the documented
 * commands, reports sessions, BUSY, BUFFER and IAMALIVE, and carries session bytes over a
 * {@link VaraAirChannel} to another emulator.
 *
 * <p>It is strict: whatever a real modem rejects, or the notes say a client must not do, is
 * refused as the modem would ({@code WRONG}, bytes discarded, connection closed) and recorded as
 * a violation naming the section it breaks, so a test can assert that a client made none.
 * Behaviour the notes call undocumented (section 11) is decided here the strict way and says so.
 */
public final class VaraModemEmulator implements Closeable {

    /** VARA HF or VARA FM (section 8). */
    public enum Kind {
        HF("VARA HF v4.9.0"), FM("VARA FM v4.2.9");

        final String version;

        Kind(String version) {
            this.version = version;
        }
    }

    /** Longest command line accepted; the longest documented one (MYCALL with five calls) is under 60 bytes. */
    public static final int MAX_COMMAND_LINE = 256;
    /** At most five callsigns after MYCALL (section 2, doc22). */
    public static final int MAX_MYCALLS = 5;
    /** At most two digipeaters after VIA, VARA FM only (section 2). */
    public static final int MAX_DIGIPEATERS = 2;
    /** Callsign 3-7 characters A-Z/0-9, optionally -1..-15, -T or -R (section 2, doc22). */
    static final Pattern CALLSIGN = Pattern.compile("[A-Z0-9]{3,7}(-([1-9]|1[0-5]|T|R))?");
    /** IAMALIVE every 60 s (sections 3 and 7). */
    public static final Duration ALIVE_INTERVAL = Duration.ofSeconds(60);

    /**
     * Data arriving this soon after DISCONNECTED was written before the host could read it: the
     * two ports are not ordered, and section 6 gives the same 2 s to bytes late the other way.
     */
    static final long IN_FLIGHT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private enum Phase { IDLE, CONNECTING, CONNECTED, DISCONNECTING }

    private final Kind kind;
    private final VaraAirChannel air;
    private final ServerSocket commandServer;
    private final ServerSocket dataServer;
    private final ScheduledExecutorService alive;
    private final Object writeLock = new Object();

    // Everything below is guarded by "this".
    private Socket commandClient;
    private Socket dataClient;
    private final List<String> commands = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final List<String> mycalls = new ArrayList<>();
    private boolean listen;
    private String bandwidth = "2300";
    private String fmBandwidth = "WIDE";
    private boolean busy;
    private boolean silent;
    private final List<String> refused = new ArrayList<>();
    private boolean pending;
    private Phase phase = Phase.IDLE;
    private byte[] queue = new byte[0];
    private int maxQueued;
    private long bytesDelivered;
    private long bytesDiscarded;
    private long bytesFromHost;
    private int refusedClients;
    private long sessionEndedNanos = System.nanoTime() - IN_FLIGHT_GRACE_NANOS - 1;
    private boolean closed;

    private VaraModemEmulator(Kind kind, VaraAirChannel air, ServerSocket commandServer, ServerSocket dataServer,
            Duration aliveInterval) {
        this.kind = kind;
        this.air = air;
        this.commandServer = commandServer;
        this.dataServer = dataServer;
        this.alive = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "vara-emulator alive " + commandServer.getLocalPort()));
        long everyMillis = aliveInterval.toMillis();
        alive.scheduleAtFixedRate(() -> line("IAMALIVE"), everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a modem on 127.0.0.1. Port 0 picks a free port; {@code dataPort} -1 means command port
     * + 1, the modem's rule (section 1).
     */
    public static VaraModemEmulator start(Kind kind, VaraAirChannel air, int commandPort, int dataPort, Duration aliveInterval)
            throws IOException {
        ServerSocket command = bind(commandPort);
        ServerSocket data;
        try {
            data = bind(dataPort == -1 ? command.getLocalPort() + 1 : dataPort);
        } catch (IOException e) {
            command.close();
            throw e;
        }
        VaraModemEmulator modem = new VaraModemEmulator(kind, air, command, data, aliveInterval);
        air.attach(modem);
        daemon(modem::acceptCommandClients, "vara-emulator command " + command.getLocalPort()).start();
        daemon(modem::acceptDataClients, "vara-emulator data " + data.getLocalPort()).start();
        return modem;
    }

    /** A modem on free ports, with the real IAMALIVE interval. */
    public static VaraModemEmulator start(Kind kind, VaraAirChannel air) throws IOException {
        return start(kind, air, 0, 0, ALIVE_INTERVAL);
    }

    private static ServerSocket bind(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        return server;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public Kind kind() {
        return kind;
    }

    public int commandPort() {
        return commandServer.getLocalPort();
    }

    public int dataPort() {
        return dataServer.getLocalPort();
    }

    /** Every command line received, in order, as sent (without the CR). */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /** Every line this modem wrote on its command port, in order. */
    public synchronized List<String> sentLines() {
        return List.copyOf(sent);
    }

    /** What clients did that the notes say a modem rejects or a client must not do, each naming its section. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The most bytes the modem held in its TX buffer at once. */
    public synchronized int maxQueued() {
        return maxQueued;
    }

    public synchronized int queued() {
        return queue.length;
    }

    /** Session bytes this modem wrote to its data port. */
    public synchronized long bytesDelivered() {
        return bytesDelivered;
    }

    /** Session bytes the host wrote on the data port and the modem took. */
    public synchronized long bytesFromHost() {
        return bytesFromHost;
    }

    /** Bytes the client wrote on the data port that were thrown away (no session). */
    public synchronized long bytesDiscarded() {
        return bytesDiscarded;
    }

    /** Second clients on a port that were turned away. */
    public synchronized int refusedClients() {
        return refusedClients;
    }

    /** Whether a host program is connected to the command port. */
    public synchronized boolean hostConnected() {
        return commandClient != null;
    }

    public synchronized boolean inSession() {
        return phase == Phase.CONNECTED || phase == Phase.DISCONNECTING;
    }

    /**
     * Answers WRONG to every later command starting with {@code prefix}, as a modem of another
     * version or licence would (vara.md section 2: older versions answer VERSION with WRONG).
     * Not counted as the client's violation.
     */
    public synchronized void refuse(String prefix) {
        refused.add(prefix);
    }

    /** A hung modem: it keeps its sockets open but reads no command and writes no line from now on. */
    public synchronized void stopAnswering() {
        silent = true;
    }

    // ---- Client connections (section 1) ----

    private void acceptCommandClients() {
        while (!commandServer.isClosed()) {
            Socket s;
            try {
                s = commandServer.accept();
            } catch (IOException e) {
                return;
            }
            if (!admit(s, true)) {
                continue;
            }
            daemon(() -> readCommands(s), "vara-emulator command client " + commandPort()).start();
        }
    }

    private void acceptDataClients() {
        while (!dataServer.isClosed()) {
            Socket s;
            try {
                s = dataServer.accept();
            } catch (IOException e) {
                return;
            }
            if (!admit(s, false)) {
                continue;
            }
            daemon(() -> readData(s), "vara-emulator data client " + dataPort()).start();
        }
    }

    /** One client per port: a second is closed at once (section 1: "treat each modem as single-client"). */
    private boolean admit(Socket s, boolean command) {
        synchronized (this) {
            Socket current = command ? commandClient : dataClient;
            if (current == null && !closed) {
                try {
                    s.setTcpNoDelay(true);
                } catch (IOException ignored) {
                    // Nagle only delays; the session still works.
                }
                if (command) {
                    commandClient = s;
                } else {
                    dataClient = s;
                }
                return true;
            }
            refusedClients++;
            violation("1", "a second client on the " + (command ? "command" : "data") + " port was refused");
        }
        closeQuietly(s);
        return false;
    }

    private void readCommands(Socket s) {
        StringBuilder line = new StringBuilder();
        boolean overlong = false;
        try (InputStream in = s.getInputStream()) {
            byte[] buf = new byte[1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    char c = (char) (buf[i] & 0xff);
                    if (c == '\r') {
                        if (overlong) {
                            overlong = false;
                            reject("1", "command line longer than " + MAX_COMMAND_LINE + " bytes");
                        } else if (line.length() > 0) {
                            command(line.toString());
                        }
                        line.setLength(0);
                    } else if (line.length() >= MAX_COMMAND_LINE) {
                        overlong = true;
                        line.setLength(0);
                    } else if (!overlong) {
                        line.append(c);
                    }
                }
            }
        } catch (IOException e) {
            // The client went away; handled below.
        }
        synchronized (this) {
            if (commandClient == s) {
                commandClient = null;
                if (phase != Phase.IDLE) {
                    // A host that closes its command port mid-call leaves the modem nothing to report to: drop the call.
                    phase = Phase.IDLE;
                    queue = new byte[0];
                    air.hangUp(this, "host closed the command port");
                }
            }
        }
        closeQuietly(s);
    }

    private void readData(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                received(Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            // The client went away.
        }
        synchronized (this) {
            if (dataClient == s) {
                dataClient = null;
            }
        }
        closeQuietly(s);
    }

    private synchronized void received(byte[] bytes) {
        if (silent) {
            return;
        }
        if (phase == Phase.CONNECTED || phase == Phase.DISCONNECTING) {
            if (phase == Phase.DISCONNECTING) {
                violation("6", bytes.length + " bytes written after DISCONNECT (VARA still sends them; stop writing once closing)");
            }
            bytesFromHost += bytes.length;
            byte[] grown = Arrays.copyOf(queue, queue.length + bytes.length);
            System.arraycopy(bytes, 0, grown, queue.length, bytes.length);
            queue = grown;
            maxQueued = Math.max(maxQueued, queue.length);
            line("BUFFER " + queue.length);
            air.dataQueued(this);
        } else {
            bytesDiscarded += bytes.length;
            // Bytes already on their way when the session ended are the TCP race section 6 describes, not the client's fault.
            if (System.nanoTime() - sessionEndedNanos > IN_FLIGHT_GRACE_NANOS) {
                violation("6", bytes.length + " bytes on the data port before CONNECTED were discarded");
            }
        }
    }

    // ---- Commands (section 2) ----

    private synchronized void command(String text) {
        if (silent) {
            return;
        }
        commands.add(text);
        if (refused.stream().anyMatch(text::startsWith)) {
            line("WRONG");
            return;
        }
        String[] f = text.split(" +");
        switch (f[0]) {
            case "MYCALL" -> myCall(f);
            case "LISTEN" -> onOff(f, "2", on -> {
                listen = on;
                dropSession("LISTEN " + f[1]);
            });
            case "CONNECT" -> connect(f);
            case "DISCONNECT" -> disconnect(f);
            case "ABORT" -> abort(f);
            case "COMPRESSION" -> {
                if (f.length == 2 && Set.of("OFF", "TEXT", "FILES").contains(f[1])) {
                    ok();
                } else {
                    reject("2", "COMPRESSION takes OFF, TEXT or FILES");
                }
            }
            case "BW500", "BW2300", "BW2750" -> {
                if (f.length != 1) {
                    reject("2", f[0] + " takes no argument");
                } else if (kind != Kind.HF) {
                    // Section 8: VARA FM sets its bandwidth in its setup dialog; section 11 leaves the reply open, WRONG here.
                    reject("8", f[0] + " is for VARA HF only");
                } else {
                    bandwidth = f[0].substring(2);
                    ok();
                }
            }
            case "CHAT", "PUBLIC" -> onOff(f, "2", on -> {
            });
            case "CWID" -> hfOnly(f, () -> onOff(f, "2", on -> {
            }));
            case "WINLINK", "P2P" -> hfOnly(f, () -> {
                if (f.length == 2 && f[1].equals("SESSION")) {
                    ok();
                } else {
                    reject("2", f[0] + " SESSION is the form");
                }
            });
            case "VERSION" -> {
                if (f.length == 1) {
                    line("VERSION " + kind.version);
                } else {
                    reject("2", "VERSION takes no argument");
                }
            }
            case "CLEANTXBUFFER" -> {
                if (f.length != 1) {
                    reject("2", "CLEANTXBUFFER takes no argument");
                } else if (queue.length == 0) {
                    line("CLEANTXBUFFER BUFFEREMPTY");
                } else {
                    queue = new byte[0];
                    line("CLEANTXBUFFER OK");
                    line("BUFFER 0");
                }
            }
            case "CQFRAME" -> {
                if (f.length >= 2 && mycalls.contains(f[1]) && !busy) {
                    ok();
                } else {
                    reject("7", "CQFRAME needs one of our MYCALLs and a free channel");
                }
            }
            case "TUNE" -> hfOnly(f, () -> {
                if (f.length == 2) {
                    ok();
                } else {
                    reject("2", "TUNE takes n, ? or OFF");
                }
            });
            default -> reject("2", "unknown command '" + text + "'" + (text.equals(text.toUpperCase()) ? "" : " (commands are upper case)"));
        }
    }

    private void myCall(String[] f) {
        if (f.length < 2 || f.length > MAX_MYCALLS + 1) {
            reject("2", "MYCALL takes 1 to " + MAX_MYCALLS + " callsigns, got " + (f.length - 1));
            return;
        }
        for (int i = 1; i < f.length; i++) {
            if (!CALLSIGN.matcher(f[i]).matches()) {
                reject("2", "MYCALL: '" + f[i] + "' is not a callsign of 3-7 characters A-Z/0-9 with an optional -1..-15, -T or -R");
                return;
            }
        }
        mycalls.clear();
        mycalls.addAll(Arrays.asList(f).subList(1, f.length));
        ok();
        line("REGISTERED " + f[1]);
    }

    private void connect(String[] f) {
        if (mycalls.isEmpty()) {
            reject("5", "CONNECT before MYCALL");
            return;
        }
        int viaAt = Arrays.asList(f).indexOf("VIA");
        int plain = viaAt < 0 ? f.length : viaAt;
        if (plain != 3) {
            reject("2", "CONNECT takes a source and a destination callsign");
            return;
        }
        if (!mycalls.contains(f[1])) {
            reject("2", "CONNECT source " + f[1] + " is not one of MYCALL " + mycalls);
            return;
        }
        if (!CALLSIGN.matcher(f[2]).matches()) {
            reject("2", "CONNECT destination '" + f[2] + "' is not a callsign");
            return;
        }
        List<String> via = viaAt < 0 ? List.of() : Arrays.asList(f).subList(viaAt + 1, f.length);
        if (viaAt >= 0 && (kind != Kind.FM || via.isEmpty() || via.size() > MAX_DIGIPEATERS
                || !via.stream().allMatch(d -> CALLSIGN.matcher(d).matches()))) {
            reject("8", "VIA takes 1 or 2 digipeater callsigns, and only on VARA FM");
            return;
        }
        if (phase != Phase.IDLE) {
            reject("11", "CONNECT while a call or session is under way");
            return;
        }
        if (busy) {
            // Section 7: never CONNECT on a busy channel; section 11 leaves the reply open, WRONG here.
            reject("7", "CONNECT on a busy channel");
            return;
        }
        ok();
        phase = Phase.CONNECTING;
        air.dial(this, f[1], f[2], via);
    }

    private void disconnect(String[] f) {
        if (f.length != 1) {
            reject("2", "DISCONNECT takes no argument");
            return;
        }
        ok();
        if (phase == Phase.CONNECTED) {
            // Section 2: graceful, after the TX buffer has drained.
            phase = Phase.DISCONNECTING;
            air.dataQueued(this);
        } else if (phase == Phase.CONNECTING) {
            air.hangUp(this, "call cancelled");
        }
    }

    private void abort(String[] f) {
        if (f.length != 1) {
            reject("2", "ABORT takes no argument");
            return;
        }
        ok();
        if (phase != Phase.IDLE) {
            air.hangUp(this, "aborted");
        }
    }

    private void dropSession(String why) {
        ok();
        if (phase != Phase.IDLE) {
            // Section 2: LISTEN ON and LISTEN OFF drop an active connection.
            air.hangUp(this, why);
        }
    }

    private void onOff(String[] f, String section, java.util.function.Consumer<Boolean> then) {
        if (f.length == 2 && (f[1].equals("ON") || f[1].equals("OFF"))) {
            then.accept(f[1].equals("ON"));
            if (!f[0].equals("LISTEN")) {
                ok();
            }
        } else {
            reject(section, f[0] + " takes ON or OFF");
        }
    }

    private void hfOnly(String[] f, Runnable then) {
        if (kind == Kind.HF) {
            then.run();
        } else {
            reject("8", f[0] + " is not a VARA FM command");
        }
    }

    private void ok() {
        line("OK");
    }

    private void reject(String section, String what) {
        line("WRONG");
        violation(section, what);
    }

    private void violation(String section, String what) {
        violations.add("vara.md section " + section + ": " + what);
    }

    // ---- Calls from the air channel ----

    synchronized boolean answers(String call) {
        return listen && phase == Phase.IDLE && mycalls.contains(call) && commandClient != null && !silent;
    }

    synchronized String bandwidth() {
        return bandwidth;
    }

    synchronized String fmBandwidth() {
        return fmBandwidth;
    }

    /** Which FM bandwidth this modem's setup dialog chose (section 8). */
    public synchronized void setFmBandwidth(String narrowOrWide) {
        fmBandwidth = narrowOrWide;
    }

    synchronized String firstCall() {
        return mycalls.isEmpty() ? "" : mycalls.get(0);
    }

    synchronized void pending() {
        pending = true;
        line("PENDING");
    }

    synchronized void cancelPending(String caller) {
        if (pending) {
            pending = false;
            line("CANCELPENDING " + caller);
        }
    }

    synchronized void connected(String connectedLine, String bitrateLine) {
        pending = false;
        phase = Phase.CONNECTED;
        queue = new byte[0];
        line(connectedLine);
        line(bitrateLine);
    }

    synchronized void callFailed(String why) {
        if (phase == Phase.CONNECTING) {
            phase = Phase.IDLE;
            line("DISCONNECTED");
        }
    }

    synchronized void disconnected(String why) {
        if (phase != Phase.IDLE) {
            phase = Phase.IDLE;
            queue = new byte[0];
            sessionEndedNanos = System.nanoTime();
            line("DISCONNECTED");
        }
    }

    synchronized boolean wantsDisconnect() {
        return phase == Phase.DISCONNECTING;
    }

    synchronized byte[] peekQueued(int max) {
        return Arrays.copyOf(queue, Math.min(max, queue.length));
    }

    synchronized void acknowledged(int n) {
        queue = Arrays.copyOfRange(queue, Math.min(n, queue.length), queue.length);
        line("BUFFER " + queue.length);
    }

    synchronized void receive(byte[] bytes) {
        if (silent || dataClient == null) {
            return;
        }
        try {
            OutputStream out = dataClient.getOutputStream();
            out.write(bytes);
            out.flush();
            bytesDelivered += bytes.length;
        } catch (IOException e) {
            // The host closed its data port; the bytes are lost as they would be with real VARA.
        }
    }

    synchronized void busy(boolean nowBusy) {
        if (busy != nowBusy) {
            busy = nowBusy;
            line(nowBusy ? "BUSY ON" : "BUSY OFF");
        }
    }

    private void line(String text) {
        Socket s;
        synchronized (this) {
            if (silent || closed) {
                return;
            }
            s = commandClient;
            sent.add(text);
        }
        if (s == null) {
            return;
        }
        synchronized (writeLock) {
            try {
                OutputStream out = s.getOutputStream();
                out.write((text + "\r").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The reader notices the loss.
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /** Switches the modem off: ports closed, clients dropped, any session ended. */
    @Override
    public void close() {
        Socket cmd;
        Socket data;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            cmd = commandClient;
            data = dataClient;
        }
        air.detach(this);
        alive.shutdownNow();
        try {
            commandServer.close();
            dataServer.close();
        } catch (IOException ignored) {
            // Closing a listening socket does not fail in a way that matters here.
        }
        if (cmd != null) {
            closeQuietly(cmd);
        }
        if (data != null) {
            closeQuietly(data);
        }
    }

    @Override
    public String toString() {
        return "VARA " + kind + " emulator on 127.0.0.1:" + commandPort() + "/" + dataPort();
    }
}
