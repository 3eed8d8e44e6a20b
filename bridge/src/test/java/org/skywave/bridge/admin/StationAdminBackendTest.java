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
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
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
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.node.NodeAdapter;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.node.NodeException;
import org.skywave.bridge.node.NodeState;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.Link;
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
    private SimTransport sim;
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
        sim = new SimTransport(clock, SEED);
        registry = new TransportRegistry(List.of(sim));
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
                LinkUri.parse("sim:ax25-9600?channel=relay&callsign=N0CALL-2"), true, 0)), registry, storeB,
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

    /** A node that is not connected yet, at a known height: what it is sent stays in its durable queue. */
    private static final class DownNode implements NodeAdapter {
        volatile NodeState state = NodeState.CONNECTING;

        @Override
        public void start() {
        }

        @Override
        public NodeState state() {
            return state;
        }

        @Override
        public CompletableFuture<Void> submitTransaction(byte[] rawTx) {
            return CompletableFuture.failedFuture(new NodeException("node down"));
        }

        @Override
        public CompletableFuture<Boolean> mempoolContains(byte[] txId) {
            return CompletableFuture.failedFuture(new NodeException("node down"));
        }

        @Override
        public OptionalLong bestHeight() {
            return OptionalLong.of(812);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void statusShowsTheNodesWithWhatIsQueuedForThemTheQueueCountersAndRecentEvents() throws Exception {
        DownNode adapter = new DownNode();
        NodeAttachment node = new NodeAttachment("btc", Network.BITCOIN_REGTEST, listener -> adapter);
        node.attach(stationA, storeA);
        backend.useNodes(List.of(node));
        TxMessage tx = AdminSamples.legacyTx(Network.BITCOIN_REGTEST);
        storeA.queue(node.destination()).offer(QueuedMessage.of(tx.id(), node.destination(), Priority.TX,
                MessageCodec.INSTANCE.encode(tx), Instant.now(), Duration.ofHours(1)));
        storeA.queue("radio").offer(QueuedMessage.of(tx.id(), "radio", Priority.TX, MessageCodec.INSTANCE.encode(tx),
                Instant.now(), Duration.ofHours(1)));
        storeA.queue("radio").retryLater(tx.id(), Duration.ofMinutes(5));
        node.onStateChanged(NodeState.DOWN, "connection refused");

        JsonNode status = get("/status");
        JsonNode btc = status.path("nodes").get(0);
        assertEquals("btc", btc.path("name").asText(), status.toString());
        assertEquals("BITCOIN_REGTEST", btc.path("network").asText());
        assertEquals("CONNECTING", btc.path("state").asText());
        assertEquals(812, btc.path("bestHeight").asLong());
        assertEquals(1, btc.path("queued").asLong(), status.toString());
        JsonNode radio = null;
        for (JsonNode queue : status.path("queues")) {
            if ("radio".equals(queue.path("destination").asText())) {
                radio = queue;
            }
        }
        assertTrue(radio != null, "the radio queue is listed: " + status);
        assertEquals(1, radio.path("depth").asLong());
        assertEquals(1, radio.path("retries").asLong(), radio.toString());
        boolean nodeDown = false;
        for (JsonNode event : status.path("events")) {
            nodeDown |= "node btc".equals(event.path("subject").asText())
                    && "DOWN (connection refused)".equals(event.path("text").asText());
        }
        assertTrue(nodeDown, "the node going down is a recent event: " + status.path("events"));

        sim.channel("admin").setConnected(false);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode events = get("/status").path("events");
        while (!events.toString().contains("\"link radio\"") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            events = get("/status").path("events");
        }
        assertTrue(events.toString().contains("\"link radio\""), "the radio link going down is a recent event: " + events);
    }

    @Test
    void progressGoesFromQueuedToSentToAcknowledgedAndTheStatusShowsTheFarStation() throws Exception {
        sim.channel("admin").setConnected(false);
        Repeater repeater = new Repeater(sim);
        MessageId id = AdminSamples.legacyTx(Network.BITCOIN_REGTEST).id();
        assertFalse(storeA.queue("radio").contains(id));

        // The link is down: the transaction waits in the durable queue.
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
        JsonNode radio = waiting.path("links").get(0);
        assertEquals("radio", radio.path("link").asText());
        assertEquals("queued", radio.path("state").asText(), radio.toString());
        assertEquals("in the durable queue, not sent yet", radio.path("detail").asText());
        assertEquals(0, radio.path("attempts").asInt());
        assertTrue(radio.path("lastSentAt").isNull(), radio.toString());

        JsonNode status = get("/status");
        assertEquals("A", status.path("station").asText());
        assertEquals(1, status.path("links").get(0).path("queueDepth").asLong());
        assertFalse("UP".equals(status.path("links").get(0).path("state").asText()), status.toString());
        assertTrue(status.path("links").get(0).path("peer").isNull(), "no HELLO heard yet: " + status);

        // The channel comes back, but the station beyond the repeater is not heard yet: sent, never acknowledged.
        sim.channel("admin").setConnected(true);
        JsonNode sent = awaitLinkState("sent");
        JsonNode sentRadio = sent.path("links").get(0);
        assertTrue(sentRadio.path("attempts").asInt() >= 1, sentRadio.toString());
        assertFalse(sentRadio.path("lastSentAt").isNull(), sentRadio.toString());
        assertFalse(sentRadio.path("nextAttemptAt").isNull(), sentRadio.toString());
        assertTrue(Instant.parse(sentRadio.path("nextAttemptAt").asText())
                .isAfter(Instant.parse(sentRadio.path("lastSentAt").asText())), "the wait for the ACK ends after the send");
        assertTrue(sentRadio.path("detail").asText().startsWith("sent, awaiting the far station's acknowledgement: "),
                sentRadio.toString());
        assertEquals("queued", sent.path("status").asText(), "still in the queue");
        assertTrue(storeA.queue("radio").contains(id));

        // The far station is heard: it stores the transaction and acknowledges it; A's next attempt gets through.
        startStationB();
        stationB.reportBestHeightOf(() -> OptionalLong.of(2_016));
        repeater.repeating = true;
        Message received = arrivedAtB.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(AdminSamples.legacyTx(Network.BITCOIN_REGTEST), received);
        JsonNode done = awaitLinkState("acknowledged");
        JsonNode doneRadio = done.path("links").get(0);
        assertEquals("done", done.path("status").asText(), done.toString());
        assertTrue(doneRadio.path("attempts").asInt() >= 2, "sent unheard, then heard: " + doneRadio);
        assertTrue(doneRadio.path("detail").asText().startsWith("acknowledged by the far station after "), doneRadio.toString());
        assertFalse(doneRadio.path("leftAt").isNull(), doneRadio.toString());
        assertFalse(storeA.queue("radio").contains(id));

        JsonNode after = get("/status");
        JsonNode link = after.path("links").get(0);
        assertEquals("UP", link.path("state").asText());
        assertEquals(0, link.path("queueDepth").asLong());
        assertTrue(link.path("onAirBytes").asLong() > AdminSamples.LEGACY_TX_HEX.length() / 2, after.toString());
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (link.path("peer").path("bestHeight").asLong() != 2_016 && System.nanoTime() < deadline) {
            Thread.sleep(50); // B's HELLO with its height may be a moment behind its first one
            link = get("/status").path("links").get(0);
        }
        JsonNode peer = link.path("peer");
        assertEquals("N0CALL-2", peer.path("callsign").asText(), link.toString());
        assertEquals("none", peer.path("fingerprint").asText(), "B has no station key");
        assertEquals(1, peer.path("protocolVersion").asInt());
        assertEquals(2_016, peer.path("bestHeight").asLong(), link.toString());
        assertFalse(Instant.parse(peer.path("heardAt").asText()).isAfter(Instant.now()));
        repeater.close();
    }

    /** Polls {@code GET /tx/<id>} until the radio link is in {@code state}, at most {@link #TIMEOUT}. */
    private JsonNode awaitLinkState(String state) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode progress = get("/tx/" + AdminSamples.LEGACY_TXID);
        while (!state.equals(progress.path("links").get(0).path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            progress = get("/tx/" + AdminSamples.LEGACY_TXID);
        }
        assertEquals(state, progress.path("links").get(0).path("state").asText(), progress.toString());
        return progress;
    }

    /**
     * The far end of A's channel: a repeater that passes what it hears to channel "relay" (where
     * station B will be) only while {@link #repeating}, and always passes back what it hears there.
     * Until then A's frames reach nobody who answers.
     */
    private static final class Repeater implements AutoCloseable {

        volatile boolean repeating;
        private final Link toA;
        private final Link toB;

        Repeater(SimTransport sim) throws Exception {
            Link[] ends = new Link[2];
            ends[0] = sim.open(LinkUri.parse("sim:ax25-9600?channel=admin&callsign=RPT-1"), frame -> {
                if (repeating) {
                    ends[1].broadcast(frame.payload());
                }
            });
            ends[1] = sim.open(LinkUri.parse("sim:ax25-9600?channel=relay&callsign=RPT-2"), frame -> ends[0].broadcast(frame.payload()));
            toA = ends[0];
            toB = ends[1];
        }

        @Override
        public void close() {
            toB.close();
            toA.close();
        }
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
        assertEquals("0", samples.get("skywave_station_faults_total").get(""));
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
