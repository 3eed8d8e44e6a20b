package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Two real JS8Call instances joined by PulseAudio null sinks under a private Xvfb, started and
 * stopped through {@code src/test/scripts/js8call-pair.sh} (test-peers.md section 2). Station A is
 * {@link #CALL_A}, B is {@link #CALL_B}; their APIs listen on the ports given.
 */
public final class Js8CallPair implements AutoCloseable {

    public static final String CALL_A = "N0CALL";
    public static final String CALL_B = "N1CALL";
    private static final Path SCRIPT = Path.of("src/test/scripts/js8call-pair.sh");

    private final Path dir;
    private final Map<String, String> environment;

    private Js8CallPair(Path dir, Map<String, String> environment) {
        this.dir = dir;
        this.environment = environment;
    }

    /**
     * Starts the pair in {@code dir} at JS8Call speed {@code subMode} (2 = Turbo).
     *
     * @throws IllegalStateException naming the apt package if a program is missing, or with the script's output
     */
    public static Js8CallPair start(Path dir, int apiA, int apiB, int displayNumber, int subMode) throws IOException, InterruptedException {
        PeerBinaries.require("js8call", "js8call");
        PeerBinaries.require("Xvfb", "xvfb");
        PeerBinaries.require("pulseaudio", "pulseaudio");
        PeerBinaries.require("pactl", "pulseaudio-utils");
        Js8CallPair pair = new Js8CallPair(dir, Map.of("API_A", Integer.toString(apiA), "API_B", Integer.toString(apiB),
                "CALL_A", CALL_A, "CALL_B", CALL_B, "SUBMODE", Integer.toString(subMode), "DISPLAY_NUM", Integer.toString(displayNumber)));
        pair.script("start", 120);
        return pair;
    }

    private void script(String command, int timeoutSeconds) throws IOException, InterruptedException {
        Path log = dir.resolve("script-" + command + ".log");
        Files.createDirectories(dir);
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), command, dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("js8call-pair.sh " + command + " did not finish in " + timeoutSeconds + " s: "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("js8call-pair.sh " + command + " failed (" + p.exitValue() + "): "
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script("stop", 60);
    }

    @Override
    public String toString() {
        return "JS8Call pair " + environment + " in " + dir;
    }
}
