package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Thomas Sailer's soundmodem (Debian package {@code soundmodem}) as a plain KISS TNC: 1200-baud
 * AFSK through ALSA's pulse plugin to a {@link PulseAudioServer} sink and monitor, KISS on a
 * pseudo-terminal whose path it links at {@link #ptyPath()}. Unlike Direwolf it answers no
 * {@code TNC:} or {@code TXBUF:} query, as hardware TNCs do not. The modulator must use
 * differential (NRZI) encoding, {@code diffenc="1"}, as AX.25 AFSK does; with 0, Direwolf decodes
 * nothing. It reaches PulseAudio through one ALSA device in half duplex, sink and source chosen by
 * {@code PULSE_SINK} and {@code PULSE_SOURCE}.
 */
public final class SoundmodemProcess implements AutoCloseable {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Path dir;
    private final Map<String, String> env;
    private ChildProcess process;

    SoundmodemProcess(String name, Path dir, PulseAudioServer pulse, String txSink, String rxSource) throws IOException {
        this.name = name;
        this.dir = dir;
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(".asoundrc"),
                "pcm.radio { type pulse; server \"" + pulse.serverAddress() + "\" }\n", StandardCharsets.UTF_8);
        // txdelay 300 ms, txtail 100 ms: the figures of the ax25-1200 link profile.
        Files.writeString(configFile(), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<modem>",
                "  <configuration name=\"" + name + "\">",
                "    <chaccess txdelay=\"300\" slottime=\"10\" ppersist=\"255\" fulldup=\"0\" txtail=\"100\"/>",
                "    <audio type=\"alsa\" device=\"radio\" halfdup=\"1\" capturechannelmode=\"Mono\"/>",
                "    <ptt file=\"none\"/>",
                "    <channel name=\"Channel 0\">",
                "      <mod mode=\"afsk\" bps=\"1200\" f0=\"1200\" f1=\"2200\" diffenc=\"1\"/>",
                "      <demod mode=\"afsk\" bps=\"1200\" f0=\"1200\" f1=\"2200\" diffenc=\"1\"/>",
                "      <pkt mode=\"KISS\" file=\"" + ptyPath() + "\" unlink=\"1\"/>",
                "    </channel>",
                "  </configuration>",
                "</modem>", ""), StandardCharsets.UTF_8);
        this.env = Map.of("HOME", dir.toString(), "PULSE_SINK", txSink, "PULSE_SOURCE", rxSource);
    }

    /** Starts soundmodem and waits until its KISS pseudo-terminal is linked at {@link #ptyPath()}. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is already running");
        }
        String soundmodem = PeerBinaries.require("soundmodem", "soundmodem");
        Files.deleteIfExists(ptyPath());
        process = ChildProcess.start("soundmodem " + name, List.of(soundmodem, configFile().toString(), "-v", "2"),
                dir, env, dir.resolve("soundmodem.log"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!Files.exists(ptyPath())) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("soundmodem did not link its KISS pty at " + ptyPath() + " in "
                        + READY_TIMEOUT.toSeconds() + " s:\n" + process.logText());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** The KISS pseudo-terminal: a {@code kiss-serial://} link opens it. */
    public Path ptyPath() {
        return dir.resolve("kiss");
    }

    public Path log() {
        return dir.resolve("soundmodem.log");
    }

    private Path configFile() {
        return dir.resolve("soundmodem.conf");
    }

    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                process.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "soundmodem " + name + " (" + ptyPath() + ")";
    }
}
