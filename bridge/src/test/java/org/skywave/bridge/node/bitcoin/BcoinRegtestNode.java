package org.skywave.bridge.node.bitcoin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A bcoin 1.0.2 regtest node in a child process, started from {@code src/test/node/start-regtest-node.js}
 * (in memory, every server on 127.0.0.1, no seeds, no UPnP, no external-address lookup), with
 * JSON-RPC helpers for its node and wallet servers. Facts behind it: /work/shared/specs/bitcoin-regtest.md.
 */
final class BcoinRegtestNode implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String READY = "SKYWAVE-REGTEST-READY";
    private static final ObjectMapper JSON = new ObjectMapper();

    final String name;
    final int p2pPort;
    final int rpcPort;
    final int walletPort;
    private final String apiKey;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // bcoin's server drops the HTTP/2 upgrade request
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;

    private final boolean persist;
    private final Duration getdataDelay;

    private BcoinRegtestNode(String name, int p2pPort, int rpcPort, int walletPort, Path log, boolean persist, Duration getdataDelay) {
        this.persist = persist;
        this.getdataDelay = getdataDelay;
        this.name = name;
        this.p2pPort = p2pPort;
        this.rpcPort = rpcPort;
        this.walletPort = walletPort;
        this.apiKey = "skywave-test-" + name;
        this.log = log;
    }

    /** Starts a node on fresh loopback ports; fails naming what to install if Node.js or bcoin is missing. */
    static BcoinRegtestNode start(String name, Path logDir) throws IOException, InterruptedException {
        return start(name, logDir, false, Duration.ZERO);
    }

    /**
     * As {@link #start(String, Path)}, asking its inbound peers (a station's adapter is one) for an
     * announced transaction {@code getdataDelay} late, as Bitcoin Core does (2 s), where bcoin asks at once.
     */
    static BcoinRegtestNode startAskingLate(String name, Path logDir, Duration getdataDelay) throws IOException, InterruptedException {
        return start(name, logDir, false, getdataDelay);
    }

    /** As {@link #start(String, Path)}, keeping its chain on disk (a fresh one) so that {@link #restart} finds it again. */
    static BcoinRegtestNode startPersistent(String name, Path logDir) throws IOException, InterruptedException {
        return start(name, logDir, true, Duration.ZERO);
    }

    private static BcoinRegtestNode start(String name, Path logDir, boolean persist, Duration getdataDelay)
            throws IOException, InterruptedException {
        int[] ports = freePorts(3);
        BcoinRegtestNode node = new BcoinRegtestNode(name, ports[0], ports[1], ports[2], logDir.resolve("bcoin-" + name + ".log"),
                persist, getdataDelay);
        if (persist) {
            deleteRecursively(node.prefix()); // a chain left by an earlier run is not this test's
        }
        node.launch();
        return node;
    }

    /** Starts this node again on the same ports (after {@link #stop}): with its chain if persistent, else an empty one. */
    BcoinRegtestNode restart() throws IOException, InterruptedException {
        BcoinRegtestNode again = new BcoinRegtestNode(name, p2pPort, rpcPort, walletPort,
                log.resolveSibling("bcoin-" + name + "-2.log"), persist, getdataDelay);
        again.launch();
        return again;
    }

    private Path prefix() {
        return log.getParent().resolve("bcoin-" + name);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static Path launcherDir() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "test", "node").toAbsolutePath();
    }

    /** Node.js, npm and the installed bcoin, or an assertion error saying how to get them. */
    static void requireInstalled() throws IOException, InterruptedException {
        for (String tool : List.of("node", "npm")) {
            if (!runs(tool, "--version")) {
                throw new AssertionError("'" + tool + "' is not on the PATH: install Node.js 18+ and npm "
                        + "(Debian: apt-get install nodejs npm), then run .ci/install-bcoin.sh from the repository root");
            }
        }
        Path bcoin = launcherDir().resolve("node_modules/bcoin/package.json");
        Path mrmr = launcherDir().resolve("node_modules/mrmr/build/Release/mrmr.node");
        if (!Files.isRegularFile(bcoin) || !Files.isRegularFile(mrmr)) {
            throw new AssertionError("bcoin is not installed in " + launcherDir() + " (missing " + (Files.isRegularFile(bcoin) ? mrmr : bcoin)
                    + "): run .ci/install-bcoin.sh from the repository root (npm ci in bridge/src/test/node)");
        }
    }

    private static boolean runs(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void launch() throws IOException, InterruptedException {
        requireInstalled();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        ProcessBuilder builder = new ProcessBuilder("node", "start-regtest-node.js",
                "--p2p-port", Integer.toString(p2pPort), "--rpc-port", Integer.toString(rpcPort),
                "--wallet-port", Integer.toString(walletPort), "--api-key", apiKey,
                "--prefix", prefix().toString(), "--persist", Boolean.toString(persist),
                "--getdata-delay-ms", Long.toString(getdataDelay.toMillis()))
                .directory(launcherDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // stdin stays a pipe: the launcher exits when it closes, so a killed test JVM leaves no node behind.
        process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!logText().contains(READY)) {
            if (!process.isAlive()) {
                throw new AssertionError("bcoin node " + name + " exited with " + process.exitValue() + " before it was ready; log "
                        + log + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                stop();
                throw new AssertionError("bcoin node " + name + " not ready within " + START_TIMEOUT + "; log " + log + ":\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail() {
        String text = logText();
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }

    /** Calls a node RPC method; an RPC error fails the test with the node's message. */
    JsonNode rpc(String method, Object... params) throws IOException, InterruptedException {
        return call(rpcPort, method, params);
    }

    /** Calls a wallet RPC method on the primary wallet. */
    JsonNode walletRpc(String method, Object... params) throws IOException, InterruptedException {
        return call(walletPort, method, params);
    }

    private JsonNode call(int port, String method, Object... params) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("method", method);
        ArrayNode array = body.putArray("params");
        for (Object p : params) {
            array.addPOJO(p);
        }
        JsonNode reply = post(port, "/", JSON.writeValueAsString(body));
        if (reply.hasNonNull("error")) {
            throw new AssertionError("bcoin " + name + " RPC " + method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    /** A new receiving address of the primary wallet (wallet RPC getnewaddress needs an account, so REST). */
    String newWalletAddress() throws IOException, InterruptedException {
        return post(walletPort, "/wallet/primary/address", "{\"account\":\"default\"}").get("address").asText();
    }

    private JsonNode post(int port, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("x:" + apiKey).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 && response.body().isEmpty()) {
            throw new AssertionError("bcoin " + name + " " + path + " answered HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** User agents of the node's connected peers. */
    List<String> peerAgents() throws IOException, InterruptedException {
        List<String> agents = new ArrayList<>();
        rpc("getpeerinfo").forEach(p -> agents.add(p.path("subver").asText()));
        return agents;
    }

    List<String> mempool() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        rpc("getrawmempool").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The chain height, for waits in tests ({@link #await}); RPC failures become unchecked. */
    long height() {
        return unchecked(() -> rpc("getblockcount").asLong());
    }

    /** The wallet's balance in coins, for waits in tests. */
    double balance() {
        return unchecked(() -> walletRpc("getbalance").asDouble());
    }

    /** The user agents of the node's peers, for waits in tests. */
    List<String> agents() {
        return unchecked(this::peerAgents);
    }

    /** The txids in the node's mempool, for waits in tests. */
    List<String> mempoolNow() {
        return unchecked(this::mempool);
    }

    private interface Query<T> {
        T run() throws IOException, InterruptedException;
    }

    private static <T> T unchecked(Query<T> query) {
        try {
            return query.run();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes. */
    static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
