package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.station.PeerBan;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;

/**
 * {@code GET /metrics} as Prometheus reads it: Prometheus's own checker ({@code promtool check
 * metrics}, from Debian's prometheus package) finds nothing wrong with the text, including every
 * link state, a peer, a ban and a store that is not healthy.
 */
class MetricsPromtoolIT {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    @Test
    void promtoolAcceptsTheMetricsText() throws Exception {
        assertTrue(Files.isExecutable(PROMTOOL), "needs promtool (.ci/install-test-peers.sh installs prometheus)");
        FakeAdminBackend backend = new FakeAdminBackend();
        backend.stationName = "site \"2\"\nwest";
        backend.links = List.of(
                AdminSamples.link("radio", LinkState.UP, LinkProfiles.AX25_1200, 3, Duration.ofSeconds(42), 10, 2, 5,
                        AdminSamples.PEER).withBans(List.of(new PeerBan("N0CALL-9", 120, Instant.parse("2025-06-01T13:00:00Z")))),
                AdminSamples.link("internet", LinkState.CONNECTING, LinkProfiles.TCP, 0, Duration.ZERO, 0, 0, 0),
                AdminSamples.link("hf", LinkState.DOWN, LinkProfiles.AX25_1200, -1, Duration.ZERO, 0, 0, 0));
        try (AdminServer server = AdminServer.start("127.0.0.1", 0, (Path) null, backend)) {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("radio"), metrics.body());

            Process promtool = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(metrics.body().getBytes(StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
            assertEquals("", said.strip(), "promtool on:\n" + metrics.body());
            assertEquals(0, promtool.exitValue(), said);
        }
    }
}
