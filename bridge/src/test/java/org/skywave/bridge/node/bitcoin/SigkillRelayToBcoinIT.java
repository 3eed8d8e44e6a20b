package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.daemon.Daemon;
import org.skywave.bridge.daemon.KissHub;

/**
 * Three stations as {@code skywave run --config FILE} child processes: A takes transactions at its
 * admin API and sends them over a KISS radio link ({@link KissHub}) to a relay station, C, which
 * links on to B over TCP; B has a {@code [[node]]}, a real bcoin regtest node that asks for an
 * announced transaction 2 s late, as Bitcoin Core does for inbound peers. While funded regtest
 * transactions are submitted at A, ten rounds kill a random set of the three with SIGKILL at a
 * random moment (seed printed; {@code -Dskywave.test.seed}) and restart each from the same config
 * and data dir. Every transaction A's API accepted (202) must reach the node's mempool; the test
 * prints how many B sent the node twice (from B's log, over every run).
 */
class SigkillRelayToBcoinIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LOGS = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target", "bcoin-it");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);
    /** Core asks inbound peers for an announced transaction this late; bcoin would ask at once. */
    private static final Duration GETDATA_DELAY = Duration.ofSeconds(2);
    private static final int ROUNDS = 10;
    /** Transactions a round; each spends a coinbase of its own, so none waits for another. */
    private static final int PER_ROUND = Integer.getInteger("skywave.it.sigkillPerRound", 20);
    /**
     * Fixed ports (this test's range, outside the kernel's ephemeral range): a port picked free
     * before a restart may meanwhile be the local end of an outgoing connection.
     */
    private static final int TO_B_PORT = 28101;
    /** Each start gets the next admin port from here: a killed daemon's may linger. */
    private final AtomicInteger nextAdminPort = new AtomicInteger(28200);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    @Test
    void everyAcceptedTransactionReachesTheNodeThroughTenRoundsOfSigkill() throws Exception {
        long seed = Long.getLong("skywave.test.seed", System.nanoTime());
        System.out.println("[SigkillRelayToBcoinIT] seed " + seed + " (rerun with -Dskywave.test.seed=" + seed + ")");
        Random random = new Random(seed);
        BcoinRegtestNode node = track(BcoinRegtestNode.startAskingLate("sigkill-node", LOGS, GETDATA_DELAY));
        List<String> hexes = fundedTransactions(node, ROUNDS * PER_ROUND);

        Path dir = Files.createTempDirectory(Files.createDirectories(LOGS), "sigkill-stations");
        KissHub air = track(new KissHub());
        Daemon relay = track(new Daemon("C", dir.resolve("relay"), radioLink(air.port(), "K1ABC-1") + """

                [[link]]
                name = "to-b"
                uri = "tcp-listen://127.0.0.1:%d"
                """.formatted(TO_B_PORT)));
        Daemon b = track(new Daemon("B", dir.resolve("B"), """
                [[link]]
                name = "relay"
                uri = "tcp://127.0.0.1:%d"

                [[node]]
                name = "bcoin"
                uri = "bitcoin://127.0.0.1:%d?network=regtest"
                """.formatted(TO_B_PORT, node.p2pPort)));
        Daemon a = track(new Daemon("A", dir.resolve("A"), radioLink(air.port(), "K1ABC-3")));
        List<Daemon> stations = List.of(relay, b, a);
        for (Daemon station : stations) {
            station.start(nextAdminPort.getAndIncrement());
        }
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node.agents().contains(BitcoinNodeConfig.DEFAULT_USER_AGENT)),
                "station B attached to the node");

        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger notAccepted = new AtomicInteger();
        ExecutorService submitter = Executors.newSingleThreadExecutor();
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> batch = hexes.subList(round * PER_ROUND, (round + 1) * PER_ROUND);
                long[] pauses = random.ints(PER_ROUND, 0, 200).asLongStream().toArray();
                Future<?> submitting = submitter.submit(() -> submitAll(a, batch, pauses, accepted, notAccepted));
                TimeUnit.MILLISECONDS.sleep(random.nextInt(2_000));
                List<Daemon> victims = victims(stations, random);
                for (Daemon victim : victims) {
                    victim.kill();
                }
                submitting.get(2, TimeUnit.MINUTES);
                System.out.println("[SigkillRelayToBcoinIT] round " + (round + 1) + ": killed "
                        + victims.stream().map(Daemon::name).toList() + "; accepted so far " + accepted.size());
                for (Daemon victim : victims) {
                    victim.start(nextAdminPort.getAndIncrement());
                }
            }
        } finally {
            submitter.shutdownNow();
        }

        if (!BcoinRegtestNode.await(DELIVERY_TIMEOUT, () -> node.mempoolNow().containsAll(accepted))) {
            Set<String> mempool = new HashSet<>(node.mempoolNow());
            List<String> missing = accepted.stream().filter(id -> !mempool.contains(id)).toList();
            throw new AssertionError(missing.size() + " of " + accepted.size() + " accepted transactions never reached the node: "
                    + missing + "\nA's log:\n" + a.tail() + "\nrelay's log:\n" + relay.tail() + "\nB's log:\n" + b.tail());
        }
        assertTrue(accepted.size() >= hexes.size() / 2, "too few accepted to show anything: " + accepted.size());
        Map<String, Integer> sent = perMessage(b.output(), "taken");
        Map<String, Integer> held = perMessage(b.output(), "already held");
        long sentTwice = sent.values().stream().filter(n -> n > 1).count();
        System.out.printf("[SigkillRelayToBcoinIT] seed %d, %d rounds, node asks %d ms late: %d of %d submissions accepted"
                        + " (%d not), %d of them in the node's mempool; B sent the node %d transactions, %d of them twice or"
                        + " more; %d times the node already held one B offered again%n",
                seed, ROUNDS, GETDATA_DELAY.toMillis(), accepted.size(), hexes.size(), notAccepted.get(), accepted.size(),
                sent.size(), sentTwice, held.values().stream().mapToInt(Integer::intValue).sum());
    }

    /**
     * Each raw transaction spends one mature coinbase of the node's chain (the wallet spends confirmed
     * coins, largest first) and pays 24.9 coins to a new address, so none depends on another.
     */
    private List<String> fundedTransactions(BcoinRegtestNode node, int count) throws Exception {
        BcoinRegtestNode wallet = track(BcoinRegtestNode.start("sigkill-wallet", LOGS));
        // Regtest coinbases mature after 100 blocks and pay at least 25 coins up to height 300.
        assertTrue(count <= 295, "at most 295 transactions from coinbases of 25 coins or more: " + count);
        long height = 100L + count + 5;
        wallet.rpc("generatetoaddress", height, wallet.newWalletAddress());
        node.rpc("addnode", "127.0.0.1:" + wallet.p2pPort, "onetry");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> node.height() == height), "the node synced the chain");
        node.rpc("disconnectnode", "127.0.0.1:" + wallet.p2pPort);
        assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.agents().isEmpty() && node.agents().isEmpty()), "cut apart");
        assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.balance() >= 25.0 * (count + 1)), "the wallet saw every block");
        List<String> txids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txids.add(wallet.walletRpc("sendtoaddress", wallet.newWalletAddress(), 24.9).asText());
        }
        // The wallet hands a transaction to its node's mempool after it answered.
        assertTrue(BcoinRegtestNode.await(WAIT, () -> wallet.mempoolNow().containsAll(txids)), "the wallet's node took them");
        List<String> hexes = new ArrayList<>();
        for (String txid : txids) {
            JsonNode tx = wallet.rpc("getrawtransaction", txid, true);
            tx.get("vin").forEach(in -> assertFalse(txids.contains(in.path("txid").asText()), txid + " spends another of them"));
            hexes.add(tx.get("hex").asText());
        }
        wallet.stop(); // the node must get them from station B only
        return hexes;
    }

    /** A 9600 bit/s KISS link on the hub, with transmit limits above what the test sends; the far station is {@code peer}. */
    private static String radioLink(int port, String peer) {
        return """
                [gate]
                rf_max_per_minute = 100000
                rf_max_per_5_minutes = 500000

                [[link]]
                name = "radio"
                uri = "kiss-tcp://127.0.0.1:%d?bitrate=9600&dest=%s"
                """.formatted(port, peer);
    }

    /** A random non-empty set of the stations, in start order. */
    private static List<Daemon> victims(List<Daemon> stations, Random random) {
        List<Daemon> victims = new ArrayList<>();
        int pick = 1 + random.nextInt((1 << stations.size()) - 1);
        for (int i = 0; i < stations.size(); i++) {
            if ((pick & (1 << i)) != 0) {
                victims.add(stations.get(i));
            }
        }
        return victims;
    }

    private static void submitAll(Daemon a, List<String> hexes, long[] pauses, List<String> accepted, AtomicInteger notAccepted) {
        for (int i = 0; i < hexes.size(); i++) {
            try {
                HttpResponse<String> answer = a.submit(hexes.get(i));
                if (answer.statusCode() == 202) {
                    accepted.add(JSON.readTree(answer.body()).get("txid").asText());
                } else {
                    notAccepted.incrementAndGet();
                    System.out.println("[SigkillRelayToBcoinIT] not accepted: HTTP " + answer.statusCode() + " " + answer.body());
                }
                TimeUnit.MILLISECONDS.sleep(pauses[i]);
            } catch (IOException e) {
                notAccepted.incrementAndGet(); // killed under the request: the API never said it took it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Per message id, how often B's log says the node's delivery ended {@code how} ("taken" or "already held"), over every run. */
    private static Map<String, Integer> perMessage(List<String> lines, String how) {
        Pattern pattern = Pattern.compile("node bcoin: transaction (\\p{XDigit}+) " + how + " by the node");
        Map<String, Integer> counts = new TreeMap<>();
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts;
    }
}
