package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.admin.AdminSamples;
import org.skywave.bridge.daemon.NotifySocket;

/**
 * {@code systemctl reload skywave}: SIGHUP to a running daemon applies the links of the edited
 * config (one removed, one added, one changed and reopened with its queue intact, one left alone),
 * tells systemd RELOADING=1 then READY=1, and refuses a bad config while running on.
 */
class RunCommandReloadTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private Process daemon;

    @AfterEach
    void stopDaemon() {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
        }
    }

    private String config(int adminPort, Path token, String links) {
        return """
                [station]
                name = "test-station"
                callsign = "K1ABC"
                data_dir = "%s"

                [admin]
                listen = "127.0.0.1:%d"
                token_file = "%s"
                """.formatted(dir.resolve("data"), adminPort, token) + links;
    }

    @Test
    void sighupReopensChangedLinksKeepsTheirQueueAndRefusesABadConfig() throws Exception {
        int adminPort = RunCommandTest.freePort();
        Path token = Files.writeString(dir.resolve("admin.token"), AdminSamples.TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Path config = Files.writeString(dir.resolve("skywave.toml"), config(adminPort, token, """
                [[link]]
                name = "internet"
                uri = "tcp-listen://127.0.0.1:0"

                [[link]]
                name = "radio"
                uri = "sim:ax25-1200"

                [[link]]
                name = "spare"
                uri = "tcp-listen://127.0.0.1:0"
                """));
        try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify.sock"))) {
            daemon = RunCommandTest.start(config, Map.of("NOTIFY_SOCKET", systemd.path().toString()));
            LinkedBlockingQueue<String> lines = RunCommandTest.lines(daemon);
            StringBuilder seen = new StringBuilder();
            systemd.await("READY=1", Duration.ofSeconds(30));

            // One transaction waits in the radio link's queue (no station answers on the simulated channel).
            HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/tx"))
                    .header("Authorization", "Bearer " + AdminSamples.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(AdminSamples.LEGACY_TX_HEX)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(202, submitted.statusCode(), submitted.body());
            assertEquals(Map.of("internet", 0L, "radio", 1L, "spare", 0L), queueDepths(adminPort));

            // internet removed, uplink added, radio changed (repeats): SIGHUP.
            Files.writeString(config, config(adminPort, token, """
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200"
                    repeats = 3


                    [[link]]
                    name = "spare"
                    uri = "tcp-listen://127.0.0.1:0"

                    [[link]]
                    name = "uplink"
                    uri = "tcp-listen://127.0.0.1:0"
                    """));
            hangUp(daemon);
            assertTrue(systemd.await("RELOADING=1", Duration.ofSeconds(30)).contains("STATUS=reading "));
            RunCommandTest.awaitLine(lines, "reload: 1 link(s) added, 1 removed, 1 changed and reopened, 1 unchanged", seen);
            assertTrue(systemd.await("READY=1", Duration.ofSeconds(30)).contains("relaying on 3 link(s)"));
            assertEquals(Map.of("radio", 1L, "spare", 0L, "uplink", 0L), queueDepths(adminPort), "the radio queue survived its reopening");

            // A config with a problem is refused whole; the running links stay.
            Files.writeString(config, config(adminPort, token, """
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200"
                    colour = "blue"
                    """));
            hangUp(daemon);
            String refused = RunCommandTest.awaitLine(lines, "reload refused, the running config is kept:", seen);
            assertTrue(refused.contains("link[0].colour: unknown key"), refused);
            systemd.await("READY=1", Duration.ofSeconds(30));
            assertEquals(Map.of("radio", 1L, "spare", 0L, "uplink", 0L), queueDepths(adminPort));

            daemon.toHandle().destroy();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue());
        }
    }

    private static void hangUp(Process process) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue());
    }

    private static Map<String, Long> queueDepths(int adminPort) throws IOException, InterruptedException {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        Map<String, Long> depths = new HashMap<>();
        for (JsonNode link : new ObjectMapper().readTree(status.body()).path("links")) {
            depths.put(link.path("name").asText(), link.path("queueDepth").asLong());
        }
        return depths;
    }
}
