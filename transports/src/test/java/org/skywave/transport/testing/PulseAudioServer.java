package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio server with two null sinks, {@code radioA} and {@code radioB}, each the
 * "air" one station transmits into; the other station listens to its monitor (test-peers.md
 * section 1). Runs in the foreground as our child, on a socket inside its own directory.
 */
public final class PulseAudioServer implements AutoCloseable {

    /** Direwolf reports an audio level near 50 at 65 %; at 100 % it warns the level is too high. */
    static final String SINK_VOLUME = "65%";

    private final Path dir;
    private final ChildProcess process;

    private PulseAudioServer(Path dir, ChildProcess process) {
        this.dir = dir;
        this.process = process;
    }

    public static PulseAudioServer start(Path dir) throws IOException, InterruptedException {
        String pulseaudio = PeerBinaries.require("pulseaudio", "pulseaudio");
        String pactl = PeerBinaries.require("pactl", "pulseaudio-utils");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path socket = dir.resolve("native");
        Files.writeString(dir.resolve("link.pa"), String.join("\n",
                "load-module module-native-protocol-unix auth-anonymous=1 socket=" + socket,
                "load-module module-null-sink sink_name=radioA rate=48000 channels=1",
                "load-module module-null-sink sink_name=radioB rate=48000 channels=1", ""), StandardCharsets.UTF_8);
        ChildProcess p = ChildProcess.start("pulseaudio", List.of(pulseaudio, "-n", "-F", dir.resolve("link.pa").toString(),
                        "--exit-idle-time=-1", "--daemonize=no"), dir,
                Map.of("HOME", dir.toString(), "XDG_RUNTIME_DIR", dir.toString()), dir.resolve("pulseaudio.log"));
        PulseAudioServer server = new PulseAudioServer(dir, p);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(socket)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PulseAudio did not open " + socket + ":\n" + p.tail());
                }
                Thread.sleep(50);
            }
            for (String sink : List.of("radioA", "radioB")) {
                server.pactl(pactl, "set-sink-volume", sink, SINK_VOLUME);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void pactl(String pactl, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(pactl));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PULSE_SERVER", serverAddress());
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("pactl " + String.join(" ", args) + " did not finish in 10 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("pactl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** {@code unix:/path/native}, for PULSE_SERVER or an ALSA pulse device's {@code server}. */
    public String serverAddress() {
        return "unix:" + dir.resolve("native");
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
