package org.skywave.bridge.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.admin.TxProgress.LinkProgress;
import org.skywave.bridge.admin.TxProgress.State;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.station.PeerBan;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;

class AdminServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FakeAdminBackend backend = new FakeAdminBackend();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();
    private final List<AdminServer> servers = new ArrayList<>();
    private AdminServer server;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        backend.links = List.of(
                AdminSamples.link("radio", LinkState.UP, LinkProfiles.AX25_1200, 3, Duration.ofSeconds(42), 10, 2, 5,
                        AdminSamples.PEER).withRefusals(Map.of("kind_not_allowed", 4L, "rate_limited", 1L)),
                AdminSamples.link("inet \"west\"", LinkState.DOWN, LinkProfiles.TCP, -1, Duration.ZERO, 0, 0, 0)
                        .withBans(List.of(new PeerBan("203.0.113.5:50312", 120, Instant.parse("2025-03-01T12:10:00Z")))));
        tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, AdminSamples.TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        server = started(tokenFile);
    }

    private AdminServer started(Path tokens) throws IOException {
        AdminServer started = AdminServer.start("127.0.0.1", 0, tokens, backend);
        servers.add(started);
        return started;
    }

    @AfterEach
    void stop() {
        servers.forEach(AdminServer::close);
    }

    // ---- helpers ----

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(server, path)).GET());
    }

    private HttpResponse<String> postTx(String query, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, "/tx" + query))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(AdminServer server, String path) {
        return URI.create(server.uri() + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""), response.body());
        return JSON.readTree(response.body());
    }

    private static String error(HttpResponse<String> response) throws IOException {
        return json(response).path("error").asText();
    }

    private static final String BEARER = "Bearer " + AdminSamples.TOKEN;

    // ---- server ----

    @Test
    void bindsToLoopbackOnTheAskedPortAndReportsIt() {
        assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
        assertTrue(server.port() > 0, "bound port " + server.port());
        assertEquals(URI.create("http://127.0.0.1:" + server.port()), server.uri());
        assertTrue(server.acceptsSubmissions());
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() {
        IOException e = assertThrows(IOException.class, () -> AdminServer.start("127.0.0.1", server.port(), tokenFile, backend));
        assertTrue(e.getMessage().startsWith("admin API cannot listen on 127.0.0.1:" + server.port() + ": "), e.getMessage());
    }

    // ---- GET /status ----

    @Test
    void statusGivesStationStoreAndEveryLink() throws Exception {
        HttpResponse<String> response = get("/status");
        assertEquals(200, response.statusCode());
        JsonNode status = json(response);
        assertEquals("A", status.path("station").asText());
        assertTrue(status.path("store").path("healthy").asBoolean());
        assertEquals("HEALTHY", status.path("store").path("status").asText());
        JsonNode radio = status.path("links").get(0);
        assertEquals("radio", radio.path("name").asText());
        assertEquals("UP", radio.path("state").asText());
        assertEquals("ax25-1200", radio.path("profile").asText());
        assertEquals(3, radio.path("queueDepth").asLong());
        assertEquals(42.0, radio.path("oldestQueuedSeconds").asDouble());
        assertEquals(10, radio.path("messagesSent").asLong());
        assertEquals(2, radio.path("retransmissions").asLong());
        assertEquals(5 * 120, radio.path("onAirBytes").asLong());
        assertEquals(5, radio.path("framesSent").asLong());
        assertEquals(1, radio.path("framesReceived").asLong());
        assertEquals(1, radio.path("malformedFrames").asLong());
        JsonNode peer = radio.path("peer");
        assertEquals("1a2b:3c4d:5e6f:7a8b", peer.path("fingerprint").asText(), radio.toString());
        assertEquals("N0CALL-2", peer.path("callsign").asText());
        assertEquals(1, peer.path("protocolVersion").asInt());
        assertEquals(840_000, peer.path("bestHeight").asLong());
        assertEquals("2025-06-01T12:00:00.123Z", peer.path("heardAt").asText());
        assertEquals(5, peer.size(), "no more fields: " + peer);
        JsonNode inet = status.path("links").get(1);
        assertEquals("inet \"west\"", inet.path("name").asText());
        assertEquals("DOWN", inet.path("state").asText());
        assertEquals(-1, inet.path("queueDepth").asLong());
        assertTrue(inet.has("peer") && inet.path("peer").isNull(), "no HELLO heard on it: " + inet);
        assertEquals(2, status.path("links").size());
        assertTrue(radio.path("bans").isArray() && radio.path("bans").isEmpty(), radio.toString());
        assertEquals(4, radio.path("refusals").path("kind_not_allowed").asLong(), radio.toString());
        assertEquals(1, radio.path("refusals").path("rate_limited").asLong(), radio.toString());
        assertTrue(inet.path("refusals").isObject() && inet.path("refusals").isEmpty(), inet.toString());
        assertEquals(1, inet.path("bans").size(), inet.toString());
        JsonNode ban = inet.path("bans").get(0);
        assertEquals("203.0.113.5:50312", ban.path("peer").asText());
        assertEquals(120, ban.path("score").asInt());
        assertEquals("2025-03-01T12:10:00Z", ban.path("until").asText());
    }

    @Test
    void statusShowsAFailingStoreWithItsReason() throws Exception {
        backend.health = new StoreHealth(StoreHealth.Status.WRITES_FAILING, "disk full: /var/lib/skywave/store.db",
                Instant.parse("2025-03-01T12:00:00Z"));
        JsonNode store = json(get("/status")).path("store");
        assertFalse(store.path("healthy").asBoolean(true));
        assertEquals("WRITES_FAILING", store.path("status").asText());
        assertEquals("disk full: /var/lib/skywave/store.db", store.path("reason").asText());
        assertEquals("2025-03-01T12:00:00Z", store.path("since").asText());
    }

    // ---- GET /metrics ----

    @Test
    void metricsAreValidPrometheusTextWithTheLinkFigures() throws Exception {
        HttpResponse<String> response = get("/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        Map<String, Map<String, String>> samples = PrometheusText.parse(response.body());

        assertEquals("1", samples.get("skywave_store_healthy").get(""));
        assertEquals("1", samples.get("skywave_station_info").get("station=\"A\""));
        assertEquals("3", samples.get("skywave_link_queue_depth").get("link=\"radio\""));
        assertEquals("NaN", samples.get("skywave_link_queue_depth").get("link=\"inet \\\"west\\\"\""));
        assertEquals("600", samples.get("skywave_link_onair_bytes_total").get("link=\"radio\""));
        assertEquals("2", samples.get("skywave_link_retransmissions_total").get("link=\"radio\""));
        assertEquals("4", samples.get("skywave_link_refusals_total").get("link=\"radio\",reason=\"kind_not_allowed\""));
        assertEquals("1", samples.get("skywave_link_refusals_total").get("link=\"radio\",reason=\"rate_limited\""));
        assertEquals("10", samples.get("skywave_link_messages_sent_total").get("link=\"radio\""));
        assertEquals("42", samples.get("skywave_link_oldest_queued_seconds").get("link=\"radio\""));
        assertEquals("1", samples.get("skywave_link_up").get("link=\"radio\""));
        assertEquals("0", samples.get("skywave_link_up").get("link=\"inet \\\"west\\\"\""));
        assertEquals("1", samples.get("skywave_link_malformed_frames_total").get("link=\"radio\""));
    }

    @Test
    void metricsReportAnUnhealthyStoreAsZero() throws Exception {
        backend.health = new StoreHealth(StoreHealth.Status.WRITES_STOPPED, "corrupt", Instant.EPOCH);
        assertEquals("0", PrometheusText.parse(get("/metrics").body()).get("skywave_store_healthy").get(""));
    }

    // ---- GET / ----

    @Test
    void statusPageIsSelfContainedHtmlWithEscapedNames() throws Exception {
        backend.stationName = "<b>A&B</b>";
        HttpResponse<String> response = get("/");
        assertEquals(200, response.statusCode());
        assertEquals("text/html; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        String page = response.body();
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("Skywave station &lt;b&gt;A&amp;B&lt;/b&gt;"), page);
        assertFalse(page.contains("<b>A&B</b>"), page);
        assertTrue(page.contains("<td>radio</td>"), page);
        assertTrue(page.contains("<td>inet &quot;west&quot;</td>"), page);
        assertTrue(page.contains("600 B"), page);
        assertTrue(page.contains("N0CALL-2 (1a2b:3c4d:5e6f:7a8b), height 840000, heard 2025-06-01T12:00:00.123Z"), page);
        // Nothing fetched from elsewhere: no scripts, no stylesheets, no absolute URLs.
        assertFalse(page.contains("<script"), page);
        // The one link element is the empty favicon, which spares the browser a request for /favicon.ico.
        assertFalse(page.replace("<link rel=\"icon\" href=\"data:,\">", "").contains("<link"), page);
        assertTrue(page.contains("<td>83%</td><td>1</td>"), "goodput and errors of radio: " + page);
        assertTrue(page.contains("203.0.113.5:50312 until 2025-03-01T12:10:00Z"), "the ban on inet: " + page);
        assertFalse(page.contains("http://") || page.contains("https://") || page.contains("src="), page);
    }

    @Test
    void statusAndPageShowQueuesNodesAndRecentEventsNewestFirst() throws Exception {
        backend.queues = List.of(new QueueStats("node:<btc>", 2, 450, Duration.ofSeconds(75), 0, 0, 0, 0, 0),
                new QueueStats("radio", 7, 1200, Duration.ofMinutes(3), 4, 1, 2, 3, 0));
        backend.nodes = List.of(new NodeStatus("<btc>", "BITCOIN_REGTEST", "UP", 812, 2),
                new NodeStatus("bkc", "BUNKERCOIN", "CONNECTING", -1, -1));
        backend.events = List.of(
                new RecentEvents.Event(Instant.parse("2025-06-01T12:00:00.250Z"), "link radio", "UP"),
                new RecentEvents.Event(Instant.parse("2025-06-01T12:05:00Z"), "node <btc>", "DOWN (connection reset)"));

        JsonNode status = json(get("/status"));
        JsonNode radio = status.path("queues").get(1);
        assertEquals("radio", radio.path("destination").asText());
        assertEquals(7, radio.path("depth").asLong());
        assertEquals(180.0, radio.path("oldestSeconds").asDouble());
        assertEquals(4, radio.path("retries").asLong());
        assertEquals(1, radio.path("evictions").asLong());
        assertEquals(2, radio.path("expiries").asLong());
        assertEquals(3, radio.path("rejected").asLong());
        JsonNode node = status.path("nodes").get(0);
        assertEquals("<btc>", node.path("name").asText());
        assertEquals("BITCOIN_REGTEST", node.path("network").asText());
        assertEquals("UP", node.path("state").asText());
        assertEquals(812, node.path("bestHeight").asLong());
        assertEquals(2, node.path("queued").asLong());
        assertEquals(-1, status.path("nodes").get(1).path("bestHeight").asLong());
        JsonNode first = status.path("events").get(0);
        assertEquals("2025-06-01T12:00:00.250Z", first.path("at").asText());
        assertEquals("link radio", first.path("subject").asText());
        assertEquals("UP", first.path("text").asText());

        String page = get("/").body();
        assertTrue(page.contains("<tr data-queue=\"radio\"><td>radio</td><td>7</td><td>1.2 kB</td><td>3m</td><td>4</td>"
                + "<td>1</td><td>2</td><td>3</td><td>0</td></tr>"), page);
        assertTrue(page.contains("<tr data-node=\"&lt;btc&gt;\"><td>&lt;btc&gt;</td><td class=\"t\">BITCOIN_REGTEST</td>"
                + "<td class=\"t state ok\">UP</td><td>812</td><td>2</td></tr>"), page);
        assertTrue(page.contains("<td class=\"t state bad\">CONNECTING</td><td>?</td><td>?</td>"), page);
        int newest = page.indexOf("node &lt;btc&gt;</td><td class=\"t\">DOWN (connection reset)");
        int oldest = page.indexOf("<td>2025-06-01T12:00:00Z</td><td class=\"t\">link radio</td><td class=\"t\">UP</td>");
        assertTrue(newest > 0 && oldest > newest, "events newest first: " + page);
    }

    @Test
    void statusPageSaysWhenThereAreNoNodesOrEvents() throws Exception {
        String page = get("/").body();
        assertTrue(page.contains("no nodes attached"), page);
        assertTrue(page.contains("none since the station started"), page);
        JsonNode status = json(get("/status"));
        assertEquals(0, status.path("nodes").size());
        assertEquals(0, status.path("events").size());
    }

    // ---- POST /tx ----

    @Test
    void submissionAnswers202WithTheTxidOnceTheBackendConfirms() throws Exception {
        HttpResponse<String> response = postTx("", AdminSamples.LEGACY_TX_HEX + "\n", BEARER);
        assertEquals(202, response.statusCode(), response.body());
        JsonNode answer = json(response);
        assertEquals(AdminSamples.LEGACY_TXID, answer.path("id").asText());
        assertEquals(AdminSamples.LEGACY_TXID, answer.path("txid").asText());
        assertEquals("queued", answer.path("status").asText());
        assertEquals("regtest", answer.path("network").asText());
        assertEquals("radio", answer.path("links").get(0).asText());
        assertEquals(1, backend.submitted.size());
        assertEquals(AdminSamples.legacyTx(Network.BITCOIN_REGTEST), backend.submitted.get(0));
    }

    @Test
    void submissionTakesTheNetworkFromTheQuery() throws Exception {
        assertEquals(202, postTx("?network=mainnet", AdminSamples.LEGACY_TX_HEX, BEARER).statusCode());
        assertEquals(202, postTx("?network=signet", AdminSamples.LEGACY_TX_HEX, BEARER).statusCode());
        assertEquals(202, postTx("?network=testnet", AdminSamples.LEGACY_TX_HEX, BEARER).statusCode());
        assertEquals(List.of(Network.BITCOIN_MAINNET, Network.BITCOIN_SIGNET, Network.BITCOIN_TESTNET3),
                backend.submitted.stream().map(tx -> tx.network()).toList());
    }

    @Test
    void segwitSubmissionIsTrackedByItsWtxidAndReportsItsTxid() throws Exception {
        JsonNode answer = json(postTx("", AdminSamples.WITNESS_TX_HEX, BEARER));
        assertEquals(AdminSamples.WITNESS_WTXID, answer.path("id").asText());
        assertEquals(AdminSamples.WITNESS_TXID, answer.path("txid").asText());
    }

    @Test
    void submissionWaitsForTheBackendToConfirmDurability() throws Exception {
        CompletableFuture<Submission> durable = new CompletableFuture<>();
        backend.onSubmit = tx -> durable;
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(HttpRequest.newBuilder(uri(server, "/tx"))
                .header("Authorization", BEARER).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(AdminSamples.LEGACY_TX_HEX)).build(), HttpResponse.BodyHandlers.ofString());
        // The backend got it, but has not confirmed: no answer yet.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (backend.submitted.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, backend.submitted.size());
        Thread.sleep(200);
        assertFalse(response.isDone(), "answered before the backend confirmed");
        durable.complete(new Submission(backend.submitted.get(0).id(), List.of("radio")));
        assertEquals(202, response.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
    }

    @Test
    void refusedSubmissionIs503WithTheReason() throws Exception {
        backend.onSubmit = tx -> CompletableFuture.failedFuture(new SubmitRefusedException("the store is full: 1000 messages"));
        HttpResponse<String> response = postTx("", AdminSamples.LEGACY_TX_HEX, BEARER);
        assertEquals(503, response.statusCode());
        assertEquals("the store is full: 1000 messages", error(response));
    }

    @Test
    void aBurstOfSubmissionsWaitsItsTurnAndOnlyPastTheQueueIs429WithRetryAfter() throws Exception {
        List<CompletableFuture<Submission>> pending = new CopyOnWriteArrayList<>();
        backend.onSubmit = tx -> {
            CompletableFuture<Submission> future = new CompletableFuture<>();
            pending.add(future);
            return future;
        };
        int accepted = SubmissionQueue.MAX_IN_PROGRESS + SubmissionQueue.MAX_WAITING;
        // One more than fit: that one, whichever it is, is answered at once; the others wait for the backend.
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i <= accepted; i++) {
            waiting.add(http.sendAsync(HttpRequest.newBuilder(uri(server, "/tx")).header("Authorization", BEARER).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.ofString(AdminSamples.LEGACY_TX_HEX)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (waiting.stream().noneMatch(CompletableFuture::isDone) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<CompletableFuture<HttpResponse<String>>> answered = waiting.stream().filter(CompletableFuture::isDone).toList();
        assertEquals(1, answered.size(), "only the one past the queue is answered before the backend finishes");
        HttpResponse<String> refused = answered.get(0).get();
        waiting.remove(answered.get(0));
        assertEquals(429, refused.statusCode());
        assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
        assertEquals("too many submissions (4 in progress, 64 waiting (at most 64)); try again in 1 s", error(refused));
        assertEquals(SubmissionQueue.MAX_IN_PROGRESS, pending.size(), "nothing past the limit reached the backend");

        // As each finishes, the next waiting one goes to the backend, in order; every one of the burst is answered 202.
        for (int done = 0; done < accepted; done++) {
            while (pending.size() <= done && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            pending.get(done).complete(new Submission(AdminSamples.legacyTx(Network.BITCOIN_REGTEST).id(), List.of("radio")));
        }
        for (CompletableFuture<HttpResponse<String>> answer : waiting) {
            assertEquals(202, answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).statusCode());
        }
        assertEquals(accepted, pending.size());
        backend.onSubmit = tx -> CompletableFuture.completedFuture(new Submission(tx.id(), List.of("radio")));
        assertEquals(202, postTx("", AdminSamples.LEGACY_TX_HEX, BEARER).statusCode(), "room again");
    }

    // ---- authentication ----

    @Test
    void submissionWithoutTokenIs401AndNothingIsSubmitted() throws Exception {
        HttpResponse<String> response = postTx("", AdminSamples.LEGACY_TX_HEX, null);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"skywave\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(error(response).startsWith("missing or wrong token"), response.body());
        assertTrue(backend.submitted.isEmpty());
    }

    @Test
    void wrongTokensAre401() throws Exception {
        for (String authorization : List.of("Bearer " + AdminSamples.TOKEN.substring(1),
                "Bearer " + AdminSamples.TOKEN + "0", "Bearer " + AdminSamples.TOKEN.toUpperCase(),
                "Basic " + AdminSamples.TOKEN, AdminSamples.TOKEN, "Bearer ", "Bearer")) {
            assertEquals(401, postTx("", AdminSamples.LEGACY_TX_HEX, authorization).statusCode(), authorization);
        }
        assertTrue(backend.submitted.isEmpty());
        // The scheme name is case-insensitive (RFC 7235 section 2.1).
        assertEquals(202, postTx("", AdminSamples.LEGACY_TX_HEX, "bearer " + AdminSamples.TOKEN).statusCode());
    }

    @Test
    void tokensAreComparedAsEqualLengthDigestsInConstantTime() throws Exception {
        List<int[]> comparisons = new CopyOnWriteArrayList<>();
        AdminToken token = new AdminToken(AdminSamples.TOKEN, (a, b) -> {
            comparisons.add(new int[] {a.length, b.length});
            return MessageDigest.isEqual(a, b);
        });
        server = AdminServer.start("127.0.0.1", 0, token, backend);
        servers.add(server);
        List<String> presented = List.of("x", AdminSamples.TOKEN.substring(0, 31) + "0", AdminSamples.TOKEN);
        List<Integer> statuses = new ArrayList<>();
        for (String candidate : presented) {
            statuses.add(postTx("", AdminSamples.LEGACY_TX_HEX, "Bearer " + candidate).statusCode());
        }
        statuses.add(postTx("", AdminSamples.LEGACY_TX_HEX, null).statusCode());
        assertEquals(List.of(401, 401, 202, 401), statuses);
        // Every request went through the comparison, short or long, present or not, always 32 against 32 bytes.
        assertEquals(4, comparisons.size());
        for (int[] lengths : comparisons) {
            assertEquals(32, lengths[0]);
            assertEquals(32, lengths[1]);
        }
    }

    @Test
    void withoutTokenFileSubmittingIsRefusedWith403() throws Exception {
        server = started(null);
        assertFalse(server.acceptsSubmissions());
        HttpResponse<String> response = postTx("", AdminSamples.LEGACY_TX_HEX, BEARER);
        assertEquals(403, response.statusCode());
        assertEquals("submitting is disabled: the admin API has no token file; set token_file in the [admin]"
                + " section of the config and restart", error(response));
        assertTrue(backend.submitted.isEmpty());
        // Reading stays open.
        assertEquals(200, get("/status").statusCode());
    }

    @Test
    void unusableTokenFilesStopTheServerFromStarting() throws IOException {
        Path missing = dir.resolve("absent.token");
        assertEquals("admin token file " + missing + " does not exist",
                assertThrows(IOException.class, () -> AdminServer.start("127.0.0.1", 0, missing, backend)).getMessage());
        Path empty = Files.writeString(dir.resolve("empty.token"), " \n");
        assertEquals("admin token file " + empty + " is empty",
                assertThrows(IOException.class, () -> AdminServer.start("127.0.0.1", 0, empty, backend)).getMessage());
        Path shortToken = Files.writeString(dir.resolve("short.token"), "secret\n");
        assertEquals("the token in " + shortToken + " is 6 characters, under the minimum of 16 (make one with: openssl rand -hex 32)",
                assertThrows(IOException.class, () -> AdminServer.start("127.0.0.1", 0, shortToken, backend)).getMessage());
    }

    // ---- bad submissions ----

    @Test
    void badBodiesAre400WithTheReason() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("", "empty body: send the raw transaction as hex");
        cases.put(" \r\n", "empty body: send the raw transaction as hex");
        cases.put("abc", "the hex has an odd number of digits (3)");
        cases.put("00".repeat(64), "the transaction is 64 bytes, under the minimum of 65 bytes for a standard transaction");
        cases.put(AdminSamples.LEGACY_TX_HEX.substring(0, 20) + "zz" + AdminSamples.LEGACY_TX_HEX.substring(22),
                "not hex: character 'z' at offset 20 is not a hex digit");
        cases.put("  " + AdminSamples.LEGACY_TX_HEX.substring(0, 10) + "\u00e9f" + AdminSamples.LEGACY_TX_HEX.substring(12),
                "not hex: byte 0xe9 at offset 12 is not a hex digit");
        cases.put(AdminSamples.LEGACY_TX_HEX + "00", "not a Bitcoin transaction: ");
        cases.put("01".repeat(400_001), "the transaction is 400001 bytes, over the limit of 400000 bytes for a standard transaction");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = postTx("", c.getKey(), BEARER);
            String label = c.getKey().length() > 40 ? c.getKey().substring(0, 40) + "..." : c.getKey();
            assertEquals(400, response.statusCode(), label);
            assertTrue(error(response).startsWith(c.getValue()), label + " -> " + error(response));
        }
        assertTrue(backend.submitted.isEmpty());
    }

    @Test
    void badQueriesAre400() throws Exception {
        HttpResponse<String> unknown = postTx("?network=dogecoin", AdminSamples.LEGACY_TX_HEX, BEARER);
        assertEquals(400, unknown.statusCode());
        assertEquals("unknown network 'dogecoin' (known: mainnet, main, testnet, testnet3, test, testnet4, signet, regtest)",
                error(unknown));
        HttpResponse<String> twice = postTx("?network=regtest&network=mainnet", AdminSamples.LEGACY_TX_HEX, BEARER);
        assertEquals("network given 2 times; give it once", error(twice));
        HttpResponse<String> stray = postTx("?net=regtest", AdminSamples.LEGACY_TX_HEX, BEARER);
        assertEquals(400, stray.statusCode());
        assertEquals("unknown parameter 'net' (known: network)", error(stray));
        assertTrue(backend.submitted.isEmpty());
    }

    @Test
    void oversizedBodyIsRefusedWith413AndTheServerCarriesOn() throws Exception {
        String body = "0".repeat(TxRequest.MAX_BODY_BYTES + 1);
        HttpResponse<String> response = postTx("", body, BEARER);
        assertEquals(413, response.statusCode());
        assertEquals("request body exceeds the limit of 801024 bytes (Content-Length: 801025); a transaction is at"
                + " most 400000 bytes, 800000 hex digits", error(response));
        assertTrue(backend.submitted.isEmpty());
        assertEquals(202, postTx("", AdminSamples.LEGACY_TX_HEX, BEARER).statusCode());
    }

    // ---- GET /tx/<id> ----

    @Test
    void progressListsEveryLink() throws Exception {
        MessageId id = AdminSamples.legacyTx(Network.BITCOIN_REGTEST).id();
        Instant sentAt = Instant.parse("2025-06-01T12:00:01.234567Z");
        backend.progress.put(id, new TxProgress(id, List.of(
                new LinkProgress("radio", State.SENT, "sent, awaiting", 2, sentAt, sentAt.plusSeconds(8), null),
                new LinkProgress("vhf", State.ACKNOWLEDGED, "acknowledged", 1, null, null, sentAt),
                new LinkProgress("hf", State.LEFT_QUEUE, "left, how unknown"),
                new LinkProgress("inet", State.NOT_QUEUED, "not here"))));
        HttpResponse<String> response = get("/tx/" + AdminSamples.LEGACY_TXID);
        assertEquals(200, response.statusCode());
        JsonNode progress = json(response);
        assertEquals(AdminSamples.LEGACY_TXID, progress.path("id").asText());
        assertEquals("queued", progress.path("status").asText(), "still in the radio link's queue");
        assertEquals(List.of("radio:sent", "vhf:acknowledged", "hf:left-queue", "inet:not-queued"), linkStates(progress));
        JsonNode radio = progress.path("links").get(0);
        assertEquals(2, radio.path("attempts").asInt());
        assertEquals("2025-06-01T12:00:01.234Z", radio.path("lastSentAt").asText(), "milliseconds, as the store keeps time");
        assertEquals("2025-06-01T12:00:09.234Z", radio.path("nextAttemptAt").asText());
        assertTrue(radio.path("leftAt").isNull());
        JsonNode vhf = progress.path("links").get(1);
        assertEquals("2025-06-01T12:00:01.234Z", vhf.path("leftAt").asText());
        assertTrue(vhf.path("lastSentAt").isNull() && vhf.path("nextAttemptAt").isNull(), vhf.toString());

        backend.progress.put(id, new TxProgress(id, List.of(new LinkProgress("radio", State.ACKNOWLEDGED, "acknowledged"),
                new LinkProgress("hf", State.EXPIRED, "dropped"))));
        assertEquals("done", json(get("/tx/" + AdminSamples.LEGACY_TXID.toUpperCase())).path("status").asText());
    }

    private static List<String> linkStates(JsonNode progress) {
        List<String> states = new ArrayList<>();
        progress.path("links").forEach(l -> states.add(l.path("link").asText() + ":" + l.path("state").asText()));
        return states;
    }

    @Test
    void progressOfAnUnknownIdIs404AndABadIdIs400() throws Exception {
        HttpResponse<String> unknown = get("/tx/" + AdminSamples.LEGACY_TXID);
        assertEquals(404, unknown.statusCode());
        assertTrue(error(unknown).startsWith("unknown transaction " + AdminSamples.LEGACY_TXID), unknown.body());
        HttpResponse<String> shortId = get("/tx/abcd");
        assertEquals(400, shortId.statusCode());
        assertEquals("a transaction id is 64 hex digits, got 4", error(shortId));
        HttpResponse<String> notHex = get("/tx/" + "g".repeat(64));
        assertEquals("a transaction id is hex: character 'g' at offset 0 is not a hex digit", error(notHex));
    }

    // ---- routing ----

    @Test
    void unknownPathsAre404() throws Exception {
        for (String path : List.of("/nope", "/status/", "/tx/", "/metrics/x")) {
            HttpResponse<String> response = get(path);
            assertEquals(path.equals("/tx/") ? 400 : 404, response.statusCode(), path);
        }
        assertEquals("no such resource: /nope (known: GET /, GET /status, GET /metrics, POST /tx, GET /tx/<id>)",
                error(get("/nope")));
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        Map<String, String> allowed = new HashMap<>();
        allowed.put("/status", "GET");
        allowed.put("/metrics", "GET");
        allowed.put("/", "GET");
        allowed.put("/tx/" + AdminSamples.LEGACY_TXID, "GET");
        for (Map.Entry<String, String> entry : allowed.entrySet()) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(server, entry.getKey()))
                    .POST(HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, response.statusCode(), entry.getKey());
            assertEquals("GET", response.headers().firstValue("Allow").orElse(""), entry.getKey());
        }
        HttpResponse<String> getTx = get("/tx");
        assertEquals(405, getTx.statusCode());
        assertEquals("POST", getTx.headers().firstValue("Allow").orElse(""));
        assertEquals("method GET not allowed here; use POST", error(getTx));
        HttpResponse<String> delete = send(HttpRequest.newBuilder(uri(server, "/tx/" + AdminSamples.LEGACY_TXID)).DELETE());
        assertEquals(405, delete.statusCode());
    }

    @Test
    void overLongRequestLineIs400AndTheServerCarriesOn() throws Exception {
        HttpResponse<String> response = get("/" + "a".repeat(AdminServer.MAX_INITIAL_LINE_BYTES));
        assertEquals(400, response.statusCode());
        assertTrue(error(response).startsWith("malformed HTTP request: "), response.body());
        assertEquals(200, get("/status").statusCode());
    }

    /** Found by AdminHttpFuzzTest: Netty's URI decoder threw, and the connection closed without an answer. */
    @Test
    void malformedPercentEncodingIs400AndTheServerCarriesOn() throws Exception {
        for (String target : List.of("/status%zz", "/tx?network=%", "/tx/%e")) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 400 "), response);
                assertTrue(response.contains("malformed request URI " + target + ": "), response);
            }
        }
        assertEquals(200, get("/status").statusCode());
    }

    /** A strict reader of the Prometheus text format 0.0.4: fails on any line it does not recognise. */
    static final class PrometheusText {

        private static final Pattern HELP = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
        private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
        private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=\"(?:\\\\[\\\\\"n]|[^\"\\\\\\n])*\"";
        private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(" + LABEL + "(?:," + LABEL
                + ")*)\\})? (NaN|[+-]Inf|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)");

        /** Family name to (label text, "" if none) to value. */
        static Map<String, Map<String, String>> parse(String text) {
            assertTrue(text.endsWith("\n"), "exposition must end with a line feed");
            Map<String, String> types = new HashMap<>();
            Map<String, Map<String, String>> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                Matcher m;
                if ((m = HELP.matcher(line)).matches()) {
                    continue;
                }
                if ((m = TYPE.matcher(line)).matches()) {
                    assertEquals(null, types.put(m.group(1), m.group(2)), "TYPE given twice for " + m.group(1));
                    assertFalse(samples.containsKey(m.group(1)), "TYPE after samples of " + m.group(1));
                    if (m.group(2).equals("counter")) {
                        assertTrue(m.group(1).endsWith("_total"), "counter without _total: " + m.group(1));
                    }
                    continue;
                }
                m = SAMPLE.matcher(line);
                assertTrue(m.matches(), "not a valid exposition line: " + line);
                assertTrue(types.containsKey(m.group(1)), "sample before its TYPE: " + line);
                String labels = m.group(2) == null ? "" : m.group(2);
                assertEquals(null, samples.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(labels, m.group(3)),
                        "duplicate sample: " + line);
            }
            return samples;
        }
    }
}
