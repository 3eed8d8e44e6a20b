package org.skywave.transport.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.skywave.transport.ax25.Ax25Codec;
import org.skywave.transport.ax25.Callsign;
import org.skywave.transport.kiss.KissCommand;
import org.skywave.transport.kiss.KissFramer;

/**
 * One Direwolf TNC with a generated config: its audio through ALSA's pulse plugin to a
 * {@link PulseAudioServer} sink and monitor, KISS and AGW on the given TCP ports, deterministic
 * channel access (PERSIST 255, SLOTTIME 0, DWAIT 0). Direwolf 1.6 cannot bind to loopback only;
 * tests dial 127.0.0.1. Can be stopped and started again on the same ports.
 */
public final class DirewolfProcess implements AutoCloseable {

    /** Destination of the throw-away frame that opens the audio stream (its first transmission is clipped). */
    public static final String WARMUP_DESTINATION = "WARMUP";
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final Callsign callsign;
    private final Path dir;
    private final int kissPort;
    private final int agwPort;
    private final int modem;
    private ChildProcess process;

    DirewolfProcess(String name, Callsign callsign, Path dir, PulseAudioServer pulse, String txSink, String rxSource,
                    int kissPort, int agwPort, int modem) throws IOException {
        this.name = name;
        this.callsign = callsign;
        this.dir = dir;
        this.kissPort = kissPort;
        this.agwPort = agwPort;
        this.modem = modem;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".asoundrc"), String.join("\n",
                "pcm.radio_tx { type pulse; device \"" + txSink + "\"; server \"" + pulse.serverAddress() + "\" }",
                "pcm.radio_rx { type pulse; device \"" + rxSource + "\"; server \"" + pulse.serverAddress() + "\" }", ""),
                StandardCharsets.UTF_8);
        Files.writeString(configFile(), String.join("\n",
                "# Station " + name + " of a Skywave test pair (generated).",
                "ADEVICE radio_rx radio_tx",
                "ARATE 48000",
                "ACHANNELS 1",
                "CHANNEL 0",
                "MYCALL " + callsign,
                "MODEM " + modem,
                "TXDELAY 30",
                "TXTAIL 10",
                "DWAIT 0",
                "PERSIST 255",
                "SLOTTIME 0",
                "AGWPORT " + agwPort,
                "KISSPORT " + kissPort, ""), StandardCharsets.UTF_8);
    }

    /** Starts Direwolf and waits until its KISS port listens. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        String direwolf = PeerBinaries.require("direwolf", "direwolf");
        PeerBinaries.requireFile("ALSA's pulse plugin (libasound_module_pcm_pulse.so)", "libasound2-plugins",
                Path.of("/usr/lib/x86_64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so"),
                Path.of("/usr/lib/aarch64-linux-gnu/alsa-lib/libasound_module_pcm_pulse.so"),
                Path.of("/usr/lib/arm-linux-gnueabihf/alsa-lib/libasound_module_pcm_pulse.so"));
        Files.writeString(log(), "--- start ---\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        int readyBefore = readyCount();
        process = ChildProcess.start("direwolf " + name, List.of(direwolf, "-c", configFile().toString(), "-t", "0", "-q", "d"),
                dir, Map.of("HOME", dir.toString()), log());
        process.awaitLog("Ready to accept KISS TCP client", readyBefore + 1, READY_TIMEOUT);
    }

    private int readyCount() {
        return process == null ? 0 : process.count("Ready to accept KISS TCP client");
    }

    /** Stops this Direwolf (our child, by its PID). */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.stop();
        }
    }

    /** Stops and starts again on the same ports, as when an operator restarts Direwolf. */
    public void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /**
     * Sends one UI frame from this station to {@link #WARMUP_DESTINATION} on a short KISS
     * connection of its own.
     */
    public void sendWarmUp() throws IOException, InterruptedException {
        byte[] ax25 = Ax25Codec.encodeUi(new Callsign(WARMUP_DESTINATION, 0), callsign, List.of(),
                "warm-up".getBytes(StandardCharsets.US_ASCII));
        sendKiss(ax25);
    }

    /** Writes one KISS data frame to this Direwolf's KISS port on a connection of its own, then closes it. */
    public void sendKiss(byte[] ax25Frame) throws IOException, InterruptedException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), kissPort), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(KissFramer.encode(0, KissCommand.DATA, ax25Frame));
            out.flush();
            // Direwolf 1.6 starts reading a new client only after ~0.5 s (test-peers.md section 1).
            Thread.sleep(1_000);
        }
    }

    /** Waits until this station's log shows {@code text} at least {@code times} times. */
    public void awaitLog(String text, int times, Duration timeout) throws InterruptedException {
        ChildProcess p;
        synchronized (this) {
            p = process;
        }
        if (p == null) {
            throw new IllegalStateException(this + " was never started");
        }
        p.awaitLog(text, times, timeout);
    }

    /** Occurrences of {@code text} in this station's log so far (across restarts). */
    public int logCount(String text) {
        try {
            String all = Files.exists(log()) ? Files.readString(log(), StandardCharsets.ISO_8859_1) : "";
            int n = 0;
            for (int i = all.indexOf(text); i >= 0; i = all.indexOf(text, i + text.length())) {
                n++;
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + log(), e);
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public Callsign callsign() {
        return callsign;
    }

    public int kissPort() {
        return kissPort;
    }

    public int agwPort() {
        return agwPort;
    }

    public int modem() {
        return modem;
    }

    /** {@code kiss-tcp://127.0.0.1:PORT}, to which a test adds {@code ?callsign=...}. */
    public String kissUri() {
        return "kiss-tcp://127.0.0.1:" + kissPort;
    }

    public Path configFile() {
        return dir.resolve("direwolf.conf");
    }

    /** Direwolf's output: what it decoded ({@code [0.3] N0CALL-1>SKYWV:...}) and sent ({@code [0L] ...}). */
    public Path log() {
        return dir.resolve("direwolf.log");
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Direwolf " + name + " " + callsign + " (KISS 127.0.0.1:" + kissPort + ", AGW " + agwPort + ")";
    }
}
