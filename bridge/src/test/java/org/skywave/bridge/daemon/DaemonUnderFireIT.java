package org.skywave.bridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.testing.Waits;

/**
 * Two stations as {@code skywave run} child processes, joined by a radio channel ({@link KissHub}),
 * relaying transactions submitted at A's admin API to B, under attack and under power cuts:
 * garbage, oversized length prefixes, slow drips and hundreds of idle connections into every
 * listening port of both; and SIGKILL of both at random moments, ten rounds. Each test prints its
 * figures (inputs tried, transactions accepted, delivered, delivered twice).
 */
class DaemonUnderFireIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(180);
    /** What a daemon on a 64 MiB heap may take in resident memory, JVM and native buffers included. */
    private static final long MAX_RSS_KIB = 400 * 1024;

    @TempDir
    Path dir;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void bothStationsStayUpAndKeepRelayingUnderHostileInputOnEveryPort() throws Exception {
        long seed = Long.getLong("skywave.test.seed", 14);
        Random random = new Random(seed);
        KissHub hub = new KissHub();
        toClose.add(hub);
        Daemon a = daemon("A", hub, Waits.freeLoopbackPort());
        Daemon b = daemon("B", hub, Waits.freeLoopbackPort());
        a.start(Waits.freeLoopbackPort());
        b.start(Waits.freeLoopbackPort());
        List<Integer> ports = List.of(a.adminPort(), b.adminPort(), a.listenPort(), b.listenPort());

        ExecutorService attackers = Executors.newFixedThreadPool(16);
        List<Socket> held = new ArrayList<>();
        Map<String, AtomicLong> tried = new LinkedHashMap<>();
        for (String kind : List.of("garbage", "oversized length prefix", "slow drip", "held open")) {
            tried.put(kind, new AtomicLong());
        }
        try {
            List<Future<?>> attacks = new ArrayList<>();
            for (int port : ports) {
                for (int i = 0; i < 100; i++) {
                    long s = random.nextLong();
                    attacks.add(attackers.submit(() -> garbage(port, new Random(s), tried.get("garbage"))));
                }
                for (int i = 0; i < 20; i++) {
                    attacks.add(attackers.submit(() -> oversizedPrefix(port, tried.get("oversized length prefix"))));
                }
                for (int i = 0; i < 10; i++) {
                    attacks.add(attackers.submit(() -> slowDrip(port, tried.get("slow drip"))));
                }
                for (int i = 0; i < 150; i++) {
                    held.add(open(port));
                    tried.get("held open").incrementAndGet();
                }
            }
            // The relay goes on meanwhile.
            List<String> txids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> answer = a.submit(transactionHex(random));
                assertEquals(202, answer.statusCode(), answer.body());
                txids.add(JSON.readTree(answer.body()).get("txid").asText());
            }
            for (Future<?> attack : attacks) {
                attack.get(60, TimeUnit.SECONDS);
            }
            Waits.untilOrFail(DELIVERY_TIMEOUT, () -> txids.stream().allMatch(id -> b.receivedCount(id.substring(0, 16)) > 0),
                    "every transaction at B; B's log:\n" + b.tail());
            assertTrue(a.isAlive() && b.isAlive(), "both stations still running");
            assertTrue(a.statusAnswers() && b.statusAnswers(), "both admin APIs still answer");
            long rssA = a.peakRssKib();
            long rssB = b.peakRssKib();
            assertTrue(rssA < MAX_RSS_KIB && rssB < MAX_RSS_KIB, "peak RSS " + rssA + " and " + rssB + " KiB");
            System.out.printf("DaemonUnderFireIT hostile input: seed %d, tried %s into %d ports; %d/%d transactions"
                    + " delivered; both stations up; peak RSS A %d KiB, B %d KiB%n", seed, tried, ports.size(),
                    txids.stream().filter(id -> b.receivedCount(id.substring(0, 16)) > 0).count(), txids.size(), rssA, rssB);
        } finally {
            attackers.shutdownNow();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void everyAcceptedTransactionArrivesAfterTenRoundsOfSigkillOfBothStations() throws Exception {
        long seed = Long.getLong("skywave.test.seed", 15);
        Random random = new Random(seed);
        KissHub hub = new KissHub();
        toClose.add(hub);
        Daemon a = daemon("A", hub, 0);
        Daemon b = daemon("B", hub, 0);
        a.start(Waits.freeLoopbackPort());
        b.start(Waits.freeLoopbackPort());
        List<String> accepted = new ArrayList<>();
        int refused = 0;
        for (int round = 0; round < 10; round++) {
            for (int i = 0; i < 3; i++) {
                try {
                    HttpResponse<String> answer = a.submit(transactionHex(random));
                    if (answer.statusCode() == 202) {
                        accepted.add(JSON.readTree(answer.body()).get("txid").asText());
                    } else {
                        refused++;
                    }
                } catch (IOException e) {
                    refused++; // not accepted: the API never said it was
                }
            }
            TimeUnit.MILLISECONDS.sleep(random.nextInt(2_000));
            a.kill();
            b.kill();
            a.start(Waits.freeLoopbackPort());
            b.start(Waits.freeLoopbackPort());
        }
        if (!Waits.until(DELIVERY_TIMEOUT, () -> accepted.stream().allMatch(id -> b.receivedCount(id.substring(0, 16)) > 0))) {
            List<String> missing = accepted.stream().filter(id -> b.receivedCount(id.substring(0, 16)) == 0).toList();
            throw new AssertionError(missing.size() + " of " + accepted.size() + " accepted transactions never reached B: "
                    + missing + "\nA's progress of the first: " + a.progress(missing.get(0)) + "\nA's log:\n" + a.tail()
                    + "\nB's log:\n" + b.tail());
        }
        long twice = accepted.stream().filter(id -> b.receivedCount(id.substring(0, 16)) > 1).count();
        System.out.printf("DaemonUnderFireIT SIGKILL: seed %d, 10 rounds; %d accepted, %d refused, %d delivered,"
                + " %d delivered twice%n", seed, accepted.size(), refused,
                accepted.stream().filter(id -> b.receivedCount(id.substring(0, 16)) > 0).count(), twice);
    }

    private Daemon daemon(String name, KissHub hub, int listenPort) {
        Daemon daemon = new Daemon(name, dir.resolve(name), hub.port(), listenPort);
        toClose.add(daemon);
        return daemon;
    }

    /**
     * A transaction that parses as Bitcoin's serialization (the admin API checks that much): one
     * input spending a random outpoint, one P2PKH-shaped output. Nothing checks its signature.
     */
    static String transactionHex(Random random) {
        byte[] prevout = new byte[36];
        random.nextBytes(prevout);
        byte[] script = new byte[24];
        random.nextBytes(script);
        byte[] hash = new byte[20];
        random.nextBytes(hash);
        HexFormat hex = HexFormat.of();
        return "01000000" + "01" + hex.formatHex(prevout) + "18" + hex.formatHex(script) + "ffffffff"
                + "01" + "e803000000000000" + "19" + "76a914" + hex.formatHex(hash) + "88ac" + "00000000";
    }

    private static Socket open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    private static void garbage(int port, Random random, AtomicLong tried) {
        try (Socket socket = open(port)) {
            byte[] junk = new byte[1 + random.nextInt(4096)];
            random.nextBytes(junk);
            socket.getOutputStream().write(junk);
            tried.incrementAndGet();
            drain(socket);
        } catch (IOException refused) {
            tried.incrementAndGet(); // closed on us mid-write: the daemon refused it, as it should
        }
    }

    private static void oversizedPrefix(int port, AtomicLong tried) {
        try (Socket socket = open(port)) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            out.write(new byte[64 * 1024]);
            tried.incrementAndGet();
            drain(socket);
        } catch (IOException refused) {
            tried.incrementAndGet();
        }
    }

    /** A request or frame one byte every 100 ms for 3 s: it must not hold anything up. */
    private static void slowDrip(int port, AtomicLong tried) {
        byte[] drip = "POST /tx HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = open(port)) {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 30; i++) {
                out.write(drip[i % drip.length]);
                out.flush();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            tried.incrementAndGet();
        } catch (IOException refused) {
            tried.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads whatever the daemon answers, for at most 2 s, so that its answer is not cut off. */
    private static void drain(Socket socket) throws IOException {
        socket.setSoTimeout(2_000);
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (in.read(buffer) >= 0) {
                // discard
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            // the daemon may keep a connection open; that is fine
        }
    }
}
