package org.skywave.bench.station;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bench.store.StoreFigures;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.tcp.TcpTransport;

/**
 * Relay throughput end to end, against the store's own group-commit rate on the same disk in the
 * same run: two stations in one process joined by TCP on loopback, each with its SQLite store;
 * Bitcoin-shaped transactions are submitted at A as fast as it accepts them, and the clock stops
 * once B has stored every one and A has had every ACK (its queue is empty). Then 8 threads offer
 * and acknowledge 250-byte messages in a store in the same directory (the store's group-commit
 * rate), and the ratio is printed. Both for {@code synchronous} FULL and NORMAL.
 *
 * <p>Arguments (optional): transactions (default 20,000), seconds of the store run (default 5),
 * synchronous modes (default {@code FULL,NORMAL}).
 */
public final class RelayFigures {

    /** Submissions waiting for their commit at once: the admin API allows 64; a node adapter can have more in flight. */
    private static final int SUBMISSIONS_IN_FLIGHT = 1_024;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    private RelayFigures() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int storeSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String modes = args.length > 2 ? args[2] : "FULL,NORMAL";
        List<TxMessage> txs = transactions(count);
        List<String> rows = new ArrayList<>();
        for (String mode : modes.split(",")) {
            StoreOptions.Synchronous synchronous = StoreOptions.Synchronous.valueOf(mode.trim().toUpperCase(Locale.ROOT));
            Path dir = Files.createTempDirectory("skywave-relay-figures");
            try {
                double relay = relay(dir, synchronous, txs);
                double store = StoreFigures.throughput(dir.resolve("store.db"), StoreOptions.CommitMode.GROUP, synchronous,
                        8, storeSeconds);
                rows.add(String.format(Locale.ROOT, "| %-11s | %,8.0f | %,12.0f | %5.0f%% |", synchronous, relay, store,
                        100 * relay / store));
            } finally {
                delete(dir);
            }
        }
        System.out.printf(Locale.ROOT, "%,d transactions, A to B over TCP on loopback; store: 8 threads offer+ack, %d s%n",
                count, storeSeconds);
        System.out.println("| synchronous | relay tx/s | store msg/s | ratio |");
        System.out.println("|-------------|------------|-------------|-------|");
        rows.forEach(System.out::println);
    }

    /** Transactions a second from the first submission at A until B stored all and A's queue is empty. */
    static double relay(Path dir, StoreOptions.Synchronous synchronous, List<TxMessage> txs) throws Exception {
        int port = freePort();
        StoreOptions options = StoreOptions.builder().synchronous(synchronous).statsLogInterval(Duration.ZERO).build();
        AtomicInteger storedAtB = new AtomicInteger();
        try (TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport()));
             MessageStore storeA = MessageStore.open(dir.resolve("a.db"), options);
             MessageStore storeB = MessageStore.open(dir.resolve("b.db"), options)) {
            // Counted as radio links, as in the demo: the gate sends what the operator submits to radio links.
            Station a = new Station("A", List.of(new StationLinkSpec("link", LinkUri.parse("tcp-listen://127.0.0.1:" + port), true, 0)),
                    registry, storeA, StationExecutor.singleThread("A"), Duration.ofHours(1), (link, m) -> { }, new SplittableRandom(1));
            Station b = new Station("B", List.of(new StationLinkSpec("link", LinkUri.parse("tcp://127.0.0.1:" + port), true, 0)),
                    registry, storeB, StationExecutor.singleThread("B"), Duration.ofHours(1),
                    (link, m) -> storedAtB.incrementAndGet(), new SplittableRandom(2));
            try (a; b) {
                a.start().get(30, TimeUnit.SECONDS);
                b.start().get(30, TimeUnit.SECONDS);
                awaitUp(a);
                awaitUp(b);
                Semaphore inFlight = new Semaphore(SUBMISSIONS_IN_FLIGHT);
                AtomicReference<Throwable> failure = new AtomicReference<>();
                long started = System.nanoTime();
                for (TxMessage tx : txs) {
                    inFlight.acquire();
                    a.submit(tx).whenComplete((id, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        inFlight.release();
                    });
                }
                long deadline = started + RUN_LIMIT.toNanos();
                while (storedAtB.get() < txs.size() || storeA.queue("link").stats().depth() > 0) {
                    if (failure.get() != null) {
                        throw new IllegalStateException("a submission failed", failure.get());
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not done within " + RUN_LIMIT + ": " + storedAtB.get() + " of "
                                + txs.size() + " stored at B");
                    }
                    Thread.sleep(5);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "synchronous=%s: %,d transactions relayed in %.2f s%n", synchronous, txs.size(),
                        seconds);
                return txs.size() / seconds;
            }
        }
    }

    private static void awaitUp(Station station) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            List<StationLinkStatus> links = List.copyOf(station.status().get(10, TimeUnit.SECONDS).values());
            if (links.stream().allMatch(l -> l.state() == LinkState.UP)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("station " + station.name() + ": link not up within 30 s");
    }

    /** Distinct Bitcoin-shaped transactions, the same for every run. */
    private static List<TxMessage> transactions(int count) {
        SampleTransactions samples = new SampleTransactions(20_000);
        List<TxMessage> txs = new ArrayList<>(count);
        Set<MessageId> ids = new HashSet<>();
        while (txs.size() < count) {
            TxMessage tx = new TxMessage(Network.BITCOIN_REGTEST, samples.next());
            if (ids.add(tx.id())) {
                txs.add(tx);
            }
        }
        return txs;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
