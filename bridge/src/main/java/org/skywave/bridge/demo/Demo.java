package org.skywave.bridge.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.tinylog.Logger;

/**
 * The demo: stations A and B in one process, joined by a radio link (simulated, or two real
 * links given by URI), with a TCP side on A. Transactions go to A over TCP, cross the link,
 * and are checked byte for byte at B.
 */
public final class Demo {

    /** Callsigns for the demo only: N0CALL is the placeholder that real configs refuse. */
    static final String CALLSIGN_A = "N0CALL-1";
    static final String CALLSIGN_B = "N0CALL-2";

    /**
     * @param count   transactions to carry
     * @param profile simulated link profile name (ignored when linkA and linkB are given)
     * @param seed    seeds transaction content and the simulated channel
     * @param loss    frame loss rate of the simulated channel
     * @param linkA   URI station A opens instead of the simulated link, or null
     * @param linkB   URI station B opens instead of the simulated link, or null
     */
    public record Options(int count, String profile, long seed, double loss, String linkA, String linkB) {

        public Options {
            Objects.requireNonNull(profile, "profile");
            if (count < 1) {
                throw new IllegalArgumentException("count < 1: " + count);
            }
            if ((linkA == null) != (linkB == null)) {
                throw new IllegalArgumentException("--link-a and --link-b go together");
            }
        }
    }

    private final Options options;
    private final PrintStream out;
    private final boolean terminal;

    public Demo(Options options, PrintStream out, boolean terminal) {
        this.options = options;
        this.out = out;
        this.terminal = terminal;
    }

    /** Runs the demo; true only if every transaction arrived byte-identical. */
    public boolean run(TransportRegistry registry) throws Exception {
        LinkUri radioA;
        LinkUri radioB;
        if (options.linkA() != null) {
            radioA = registry.validate(withDemoCallsign(registry, options.linkA(), CALLSIGN_A));
            radioB = registry.validate(withDemoCallsign(registry, options.linkB(), CALLSIGN_B));
        } else {
            if (LinkProfiles.named(options.profile()).isEmpty()) {
                throw new LinkUriException("unknown link profile '" + options.profile() + "' (known: "
                        + String.join(", ", LinkProfiles.names()) + ")");
            }
            String channel = "sim:" + options.profile() + "?channel=demo&loss=" + options.loss();
            radioA = registry.validate(channel + "&callsign=" + CALLSIGN_A);
            radioB = registry.validate(channel + "&callsign=" + CALLSIGN_B);
        }
        LinkUri tcpSide = LinkUri.parse("tcp-listen://127.0.0.1:" + freeLoopbackPort());

        SplittableRandom random = new SplittableRandom(options.seed());
        DemoTransactions generator = new DemoTransactions(random.split());
        Map<MessageId, byte[]> expected = new LinkedHashMap<>();
        List<TxMessage> transactions = new ArrayList<>();
        for (int i = 0; i < options.count(); i++) {
            TxMessage tx = new TxMessage(Network.BITCOIN_REGTEST, generator.next());
            if (expected.putIfAbsent(tx.id(), tx.rawTransaction()) == null) {
                transactions.add(tx);
            }
        }

        Path dataDir = Files.createTempDirectory("skywave-demo");
        Map<MessageId, Boolean> delivered = new ConcurrentHashMap<>();
        CountDownLatch allDelivered = new CountDownLatch(transactions.size());
        long[] mismatches = {0};
        LocalDelivery checkAtB = (linkName, message) -> verify(message, expected, delivered, allDelivered, mismatches);

        try (MessageStore storeA = MessageStore.open(dataDir.resolve("a.db"), StoreOptions.defaults());
             MessageStore storeB = MessageStore.open(dataDir.resolve("b.db"), StoreOptions.defaults());
             Station a = new Station("A", List.of(new StationLinkSpec("internet", tcpSide, false, 0),
                     new StationLinkSpec("radio", radioA, true, 0)), registry, storeA, StationExecutor.singleThread("A"),
                     Duration.ofHours(1), LocalDelivery.NONE, random.split());
             Station b = new Station("B", List.of(new StationLinkSpec("radio", radioB, true, 0)), registry, storeB,
                     StationExecutor.singleThread("B"), Duration.ofHours(1), checkAtB, random.split())) {
            await(a.start());
            await(b.start());
            LinkProfile profile = radioStatus(a).profile();
            out.printf(Locale.ROOT, "Skywave demo: %d transactions, %s to %s over %s (%s bit/s, MTU %d), loss %.2f, seed %d%n",
                    transactions.size(), CALLSIGN_A, CALLSIGN_B, options.linkA() != null ? radioA + " / " + radioB : "simulated " + profile.name(),
                    formatRate(profile.bitrate()), profile.mtu(), options.linkA() != null ? 0.0 : options.loss(), options.seed());

            long started = System.nanoTime();
            try (DemoClient client = new DemoClient(registry, LinkUri.parse("tcp://127.0.0.1:" + tcpSide.port()))) {
                transactions.forEach(client::send);
                ProgressBar bar = new ProgressBar(out, transactions.size(), terminal);
                long deadline = started + deadline(profile, expected.values()).toNanos();
                while (allDelivered.getCount() > 0 && System.nanoTime() < deadline) {
                    allDelivered.await(terminal ? 250 : 2000, TimeUnit.MILLISECONDS);
                    bar.update(delivered.size(), onAirBytes(a, b), seconds(started));
                }
                bar.finish();
            }
            double elapsed = seconds(started);
            long payloadBits = transactions.stream().filter(tx -> delivered.containsKey(tx.id()))
                    .mapToLong(tx -> tx.rawTransaction().length * 8L).sum();
            double goodput = payloadBits / elapsed;
            out.printf(Locale.ROOT, "delivered %d/%d in %.1f s, on-air bytes %d, goodput %.0f bit/s (%.1f%% of link rate)%n",
                    delivered.size(), transactions.size(), elapsed, onAirBytes(a, b), goodput, 100.0 * goodput / profile.bitrate());
            printLinkFigures(a, b);
        } finally {
            deleteRecursively(dataDir);
        }
        return delivered.size() == transactions.size() && mismatches[0] == 0;
    }

    /** A radio link needs a callsign; the demo gives its own placeholder unless the URI names one. */
    private static String withDemoCallsign(TransportRegistry registry, String uriText, String callsign) throws LinkUriException {
        LinkUri uri = LinkUri.parse(uriText);
        if (!registry.forUri(uri).isRadio() || uri.params().containsKey("callsign")) {
            return uriText;
        }
        return uriText + (uriText.contains("?") ? "&" : "?") + "callsign=" + callsign;
    }

    private void verify(Message message, Map<MessageId, byte[]> expected, Map<MessageId, Boolean> delivered,
            CountDownLatch allDelivered, long[] mismatches) {
        if (!(message instanceof TxMessage tx)) {
            return;
        }
        byte[] want = expected.get(tx.id());
        if (want == null || !Arrays.equals(want, tx.rawTransaction())) {
            mismatches[0]++;
            Logger.error("demo: B received a transaction that A was not given: {}", tx.id());
            return;
        }
        if (delivered.putIfAbsent(tx.id(), Boolean.TRUE) == null) {
            allDelivered.countDown();
        }
    }

    private void printLinkFigures(Station a, Station b) {
        for (Station station : List.of(a, b)) {
            StationLinkStatus radio = radioStatus(station);
            out.printf(Locale.ROOT, "  station %s radio: %d messages sent, %d re-sent, %s%n", station.name(),
                    radio.messagesSent(), radio.retransmissions(), radio.linkStats());
        }
    }

    private static long onAirBytes(Station a, Station b) {
        return radioStatus(a).linkStats().onAirBytes() + radioStatus(b).linkStats().onAirBytes();
    }

    private static StationLinkStatus radioStatus(Station station) {
        return station.status().join().get("radio");
    }

    /** Generous: six times the bare air time of the payload, plus a minute for start-up and turnarounds. */
    private Duration deadline(LinkProfile profile, Iterable<byte[]> payloads) {
        double seconds = 0;
        for (byte[] payload : payloads) {
            int frames = (payload.length + 40) / profile.mtu() + 1;
            seconds += profile.airtime(payload.length + 40).toNanos() / 1e9 + frames * profile.turnaround().toNanos() / 1e9;
        }
        double lossFactor = 1.0 / Math.pow(1.0 - Math.min(options.loss(), 0.9), 3);
        return Duration.ofSeconds(60 + (long) Math.ceil(6 * seconds * lossFactor));
    }

    /** Waits for a station operation and throws what made it fail (a TransportException, say) as it is. */
    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static String formatRate(double bitrate) {
        return bitrate == Math.rint(bitrate) ? String.valueOf((long) bitrate) : String.format(Locale.ROOT, "%.1f", bitrate);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Logger.warn("demo: could not remove {}: {}", dir, e.getMessage());
        }
    }
}
