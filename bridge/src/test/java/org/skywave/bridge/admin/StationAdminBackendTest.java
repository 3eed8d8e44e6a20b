package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkUri;
import org.skywave.transport.sim.RealClock;
import org.skywave.transport.sim.SimTransport;

/**
 * The admin API over a real station: station A with one simulated radio link whose far end
 * (station B) is not there yet, so nothing can leave A's queue until the test starts B.
 */
class StationAdminBackendTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20_250_101L;

    @TempDir
    Path dir;

    private final RealClock clock = new RealClock();
    private TransportRegistry registry;
    private MessageStore storeA;
    private MessageStore storeB;
    private Station stationA;
    private Station stationB;
    private StationAdminBackend backend;
    private AdminServer server;
    private List<StationLinkSpec> specsA;
    private final CompletableFuture<Message> arrivedAtB = new CompletableFuture<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

    @BeforeEach
    void start() throws Exception {
        System.out.println("sim seed " + SEED);
        registry = new TransportRegistry(List.of(new SimTransport(clock, SEED)));
        storeA = MessageStore.open(dir.resolve("a.db"));
        specsA = List.of(new StationLinkSpec("radio", LinkUri.parse("sim:ax25-9600?channel=admin&callsign=N0CALL-1"), true, 0));
        stationA = new Station("A", specsA, registry, storeA, StationExecutor.singleThread("A"), Duration.ofHours(1),
                LocalDelivery.NONE, new SplittableRandom(SEED));
        stationA.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        backend = new StationAdminBackend(stationA, storeA, specsA, Network.BITCOIN_REGTEST);
        Path tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, AdminSamples.TOKEN);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        server = AdminServer.start("127.0.0.1", 0, tokenFile, backend);
    }

    private void startStationB() throws Exception {
        storeB = MessageStore.open(dir.resolve("b.db"));
        stationB = new Station("B", List.of(new StationLinkSpec("radio",
                LinkUri.parse("sim:ax25-9600?channel=admin&callsign=N0CALL-2"), true, 0)), registry, storeB,
                StationExecutor.singleThread("B"), Duration.ofHours(1),
                (link, message) -> arrivedAtB.complete(message), new SplittableRandom(SEED + 1));
        stationB.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        server.close();
        backend.close();
        if (stationB != null) {
            stationB.close();
            storeB.close();
        }
        stationA.close();
        storeA.close();
        registry.close();
        clock.close();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/tx")).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + AdminSamples.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(TIMEOUT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return ((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(response.body())).put("httpStatus", response.statusCode());
    }

    @Test
    void submissionIsInTheRadioQueueWhenTheAnswerArrivesThenLeavesOnceAcknowledged() throws Exception {
        MessageId id = AdminSamples.legacyTx(Network.BITCOIN_REGTEST).id();
        assertFalse(storeA.queue("radio").contains(id));

        HttpResponse<String> response = post(AdminSamples.LEGACY_TX_HEX);
        // Checked first thing: the answer means the commit happened.
        boolean queuedAtAnswer = storeA.queue("radio").contains(id);
        assertEquals(202, response.statusCode(), response.body());
        assertTrue(queuedAtAnswer, "202 came before the transaction was in the radio link's SQLite queue");
        JsonNode answer = JSON.readTree(response.body());
        assertEquals(AdminSamples.LEGACY_TXID, answer.path("id").asText());
        assertEquals(List.of("radio"), List.of(answer.path("links").get(0).asText()));

        JsonNode waiting = get("/tx/" + AdminSamples.LEGACY_TXID);
        assertEquals(200, waiting.path("httpStatus").asInt());
        assertEquals("queued", waiting.path("status").asText());
        assertEquals("radio", waiting.path("links").get(0).path("link").asText());
        assertEquals("queued", waiting.path("links").get(0).path("state").asText());

        JsonNode status = get("/status");
        assertEquals("A", status.path("station").asText());
        assertEquals(1, status.path("links").get(0).path("queueDepth").asLong());
        assertEquals("CONNECTING", status.path("links").get(0).path("state").asText());

        // The far station appears: A sends, B acknowledges, the transaction leaves A's queue.
        startStationB();
        Message received = arrivedAtB.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(AdminSamples.legacyTx(Network.BITCOIN_REGTEST), received);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode progress = get("/tx/" + AdminSamples.LEGACY_TXID);
        while (!"done".equals(progress.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            progress = get("/tx/" + AdminSamples.LEGACY_TXID);
        }
        assertEquals("done", progress.path("status").asText(), progress.toString());
        assertEquals("left-queue", progress.path("links").get(0).path("state").asText());
        assertEquals("acknowledged by the far station (or expired unsent)", progress.path("links").get(0).path("detail").asText());
        assertFalse(storeA.queue("radio").contains(id));

        JsonNode after = get("/status");
        assertEquals("UP", after.path("links").get(0).path("state").asText());
        assertEquals(0, after.path("links").get(0).path("queueDepth").asLong());
        assertTrue(after.path("links").get(0).path("onAirBytes").asLong() > AdminSamples.LEGACY_TX_HEX.length() / 2,
                after.toString());
    }

    @Test
    void anIdQueuedOutsideTheApiIsFoundAndAnUnknownOneIsNot() throws Exception {
        TxMessage tx = new TxMessage(Network.BITCOIN_REGTEST, HexFormat.of().parseHex(AdminSamples.WITNESS_TX_HEX));
        stationA.submit(tx).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        JsonNode found = get("/tx/" + AdminSamples.WITNESS_WTXID);
        assertEquals(200, found.path("httpStatus").asInt());
        assertEquals("queued", found.path("links").get(0).path("state").asText());
        JsonNode unknown = get("/tx/" + AdminSamples.LEGACY_TXID);
        assertEquals(404, unknown.path("httpStatus").asInt());
    }

    @Test
    void metricsShowTheQueuedSubmission() throws Exception {
        assertEquals(202, post(AdminSamples.LEGACY_TX_HEX).statusCode());
        String metrics = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/metrics")).timeout(TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var samples = AdminServerTest.PrometheusText.parse(metrics);
        assertEquals("1", samples.get("skywave_link_queue_depth").get("link=\"radio\""));
        assertEquals("1", samples.get("skywave_store_healthy").get(""));
    }

    @Test
    void aStationWithoutRadioLinksRefusesSubmissions() throws Exception {
        try (StationAdminBackend noRadio = new StationAdminBackend(stationA, storeA, List.of(), Network.BITCOIN_REGTEST)) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> noRadio.submit(AdminSamples.legacyTx(Network.BITCOIN_REGTEST)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(SubmitRefusedException.class, e.getCause());
            assertEquals("station A has no radio link to send a transaction on", e.getCause().getMessage());
        }
    }

    @Test
    void aFullStoreIsA503WithTheStoresReason() throws Exception {
        // A store smaller than the transaction: nothing can be evicted to make room.
        try (MessageStore tiny = MessageStore.open(dir.resolve("tiny.db"), StoreOptions.builder().maxBytes(100).build());
             Station small = new Station("C", List.of(new StationLinkSpec("radio",
                     LinkUri.parse("sim:ax25-9600?channel=tiny&callsign=N0CALL-3"), true, 0)), registry, tiny,
                     StationExecutor.singleThread("C"), Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(SEED));
             StationAdminBackend smallBackend = new StationAdminBackend(small, tiny, List.of(new StationLinkSpec("radio",
                     LinkUri.parse("sim:ax25-9600?channel=tiny&callsign=N0CALL-3"), true, 0)), Network.BITCOIN_REGTEST);
             AdminServer smallServer = AdminServer.start("127.0.0.1", 0, dir.resolve("admin.token"), smallBackend)) {
            small.start().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(smallServer.uri() + "/tx"))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + AdminSamples.TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(AdminSamples.LEGACY_TX_HEX)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, response.statusCode(), response.body());
            String error = JSON.readTree(response.body()).path("error").asText();
            assertTrue(error.startsWith("the store is full: "), error);
            assertFalse(tiny.queue("radio").contains(AdminSamples.legacyTx(Network.BITCOIN_REGTEST).id()));
        }
    }
}
