package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.transport.LinkUri;
import org.skywave.transport.sim.RealClock;
import org.skywave.transport.sim.SimTransport;

/**
 * {@code POST /tx} says what each link did: 202 only when one queued it; a transaction the gate's
 * transmit limit refused on every link is a 429 naming the reason per link, and it is not marked
 * seen, so sending it again meets the limit again rather than "already seen".
 */
class AdminSubmitOutcomeTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final RealClock clock = new RealClock();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private TransportRegistry registry;
    private MessageStore store;
    private Station station;
    private StationAdminBackend backend;
    private AdminServer server;

    @BeforeEach
    void start() throws Exception {
        registry = new TransportRegistry(List.of(new SimTransport(clock, 7)));
        store = MessageStore.open(dir.resolve("a.db"));
        List<StationLinkSpec> specs = List.of(new StationLinkSpec("radio",
                LinkUri.parse("sim:ax25-1200?channel=outcome&callsign=N0CALL-1"), true, 0));
        // One transaction a minute (and in five) on the air: the second one submitted is refused.
        station = new Station("A", specs, registry, store, StationExecutor.singleThread("A"), Duration.ofHours(1),
                LocalDelivery.NONE, new SplittableRandom(7), new GateConfig(1, 1, List.of("tx"), 4000, 3));
        station.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        backend = new StationAdminBackend(station, store, specs, Network.BITCOIN_REGTEST);
        Path tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, AdminSamples.TOKEN);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        server = AdminServer.start("127.0.0.1", 0, tokenFile, backend);
    }

    @AfterEach
    void stop() {
        server.close();
        backend.close();
        station.close();
        store.close();
        registry.close();
        clock.close();
    }

    private HttpResponse<String> post(String hex) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/tx")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + AdminSamples.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(hex)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private int statusOf(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void eachLinkSaysQueuedOrRefusedAndARefusedTransactionIsNotMarkedSeen() throws Exception {
        HttpResponse<String> first = post(AdminSamples.LEGACY_TX_HEX);
        assertEquals(202, first.statusCode(), first.body());
        JsonNode queued = JSON.readTree(first.body());
        assertEquals("queued", queued.path("status").asText());
        assertEquals("radio", queued.path("links").get(0).asText());
        assertTrue(queued.path("refused").isEmpty(), first.body());

        HttpResponse<String> second = post(AdminSamples.WITNESS_TX_HEX);
        assertEquals(429, second.statusCode(), "the transmit limit is used up: " + second.body());
        JsonNode refused = JSON.readTree(second.body());
        assertEquals("refused", refused.path("status").asText());
        assertEquals(0, refused.path("links").size(), second.body());
        assertTrue(refused.path("refused").path("radio").asText().startsWith("rate_limited: "), second.body());
        assertTrue(refused.path("error").asText().contains("not marked seen"), second.body());
        assertEquals(404, statusOf("/tx/" + AdminSamples.WITNESS_WTXID), "the station does not hold the refused one");

        HttpResponse<String> again = post(AdminSamples.WITNESS_TX_HEX);
        assertEquals(429, again.statusCode(), "sent again it meets the limit again, not 'already seen': " + again.body());
        HttpResponse<String> duplicate = post(AdminSamples.LEGACY_TX_HEX);
        assertEquals(409, duplicate.statusCode(), duplicate.body());
        assertTrue(JSON.readTree(duplicate.body()).path("error").asText().startsWith("already seen"), duplicate.body());
    }
}
