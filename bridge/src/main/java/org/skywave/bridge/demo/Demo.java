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
import java.util.concurrent.ExecutionException;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
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
    /** How long the header waits for station A's radio link to come up before it prints the link's figures. */
    static final Duration LINK_UP_WAIT = Duration.ofSeconds(30);
    static final String CALLSIGN_B = "N0CALL-2";
    /** The URI parameter naming the stations a link calls (VARA). */
    private static final String PEERS_PARAM = "peers";
    /**
     * JS8 callsigns have no SSID, and one JS8Call instance is one station: the demo pair is N0CALL
     * and N1CALL (as js8call-pair.sh configures them), each the other's peer.
     */
    static final String JS8_CALLSIGN_A = "N0CALL";
    static final String JS8_CALLSIGN_B = "N1CALL";

    /** With real nodes, how long to wait for node 1 to announce transactions at all. */
    private static final Duration NODE_WAIT = Duration.ofMinutes(5);

    /**
     * @param count   transactions to carry
     * @param profile simulated link profile name (ignored when linkA and linkB are given)
     * @param seed    seeds transaction content and the simulated channel
     * @param loss    frame loss rate of the simulated channel
     * @param linkA   URI station A opens instead of the simulated link, or null
     * @param linkB   URI station B opens instead of the simulated link, or null
     * @param nodeA   node station A is attached to (its transactions are carried), or null to generate
     * @param nodeB   node station B hands the transactions to, or null
     * @param compactTransactions whether the radio link carries transactions in compact form
     */
    public record Options(int count, String profile, long seed, double loss, String linkA, String linkB,
            String nodeA, String nodeB, boolean compactTransactions) {

        public Options {
            Objects.requireNonNull(profile, "profile");
            if (count < 1) {
                throw new IllegalArgumentException("count < 1: " + count);
            }
            if ((linkA == null) != (linkB == null)) {
                throw new IllegalArgumentException("--link-a and --link-b go together");
            }
            if ((nodeA == null) != (nodeB == null)) {
                throw new IllegalArgumentException("--node-a and --node-b go together");
            }
        }

        /** Transactions in compact form on the radio link. */
        public Options(int count, String profile, long seed, double loss, String linkA, String linkB,
                String nodeA, String nodeB) {
            this(count, profile, seed, loss, linkA, linkB, nodeA, nodeB, true);
        }

        /** The plain demo: generated transactions over a simulated link, or two links by URI. */
        public Options(int count, String profile, long seed, double loss, String linkA, String linkB) {
            this(count, profile, seed, loss, linkA, linkB, null, null);
        }

        boolean withNodes() {
            return nodeA != null;
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
            radioA = registry.validate(withDemoPeer(registry, withDemoCallsign(registry, options.linkA(), true), CALLSIGN_B));
            radioB = registry.validate(withDemoPeer(registry, withDemoCallsign(registry, options.linkB(), false), CALLSIGN_A));
        } else {
            if (LinkProfiles.named(options.profile()).isEmpty()) {
                throw new LinkUriException("unknown link profile '" + options.profile() + "' (known: "
                        + String.join(", ", LinkProfiles.names()) + ")");
            }
            String channel = "sim:" + options.profile() + "?channel=demo&loss=" + options.loss();
            radioA = registry.validate(channel + "&callsign=" + CALLSIGN_A);
            radioB = registry.validate(channel + "&callsign=" + CALLSIGN_B);
        }
        return options.withNodes() ? runWithNodes(registry, radioA, radioB) : runGenerated(registry, radioA, radioB);
    }

    /** Generated transactions handed to A over TCP and checked byte for byte at B. */
    private boolean runGenerated(TransportRegistry registry, LinkUri radioA, LinkUri radioB) throws Exception {
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
        Map<MessageId, Boolean> delivered = new ConcurrentHashMap<>();
        long[] mismatches = {0};
        LocalDelivery checkAtB = (linkName, message) -> verify(message, expected, delivered, mismatches);

        Path dataDir = Files.createTempDirectory("skywave-demo");
        try (MessageStore storeA = MessageStore.open(dataDir.resolve("a.db"), StoreOptions.defaults());
             MessageStore storeB = MessageStore.open(dataDir.resolve("b.db"), StoreOptions.defaults());
             Station a = new Station("A", List.of(new StationLinkSpec("internet", tcpSide, false, 0),
                     radioSpec(radioA)), registry, storeA, StationExecutor.singleThread("A"),
                     Duration.ofHours(1), LocalDelivery.NONE, random.split());
             Station b = new Station("B", List.of(radioSpec(radioB)), registry, storeB,
                     StationExecutor.singleThread("B"), Duration.ofHours(1), checkAtB, random.split())) {
            await(a.start());
            await(b.start());
            LinkProfile profile = printHeader(a, radioA, radioB, transactions.size() + " transactions");
            long started = System.nanoTime();
            try (DemoClient client = new DemoClient(registry, LinkUri.parse("tcp://127.0.0.1:" + tcpSide.port()))) {
                transactions.forEach(client::send);
                showProgress(a, b, started, deadline(profile, expected.values()), transactions.size(), delivered::size);
            }
            long payloadBytes = transactions.stream().filter(tx -> delivered.containsKey(tx.id()))
                    .mapToLong(tx -> tx.rawTransaction().length).sum();
            printSummary(a, b, started, delivered.size(), transactions.size(), payloadBytes, profile);
            return delivered.size() == transactions.size() && mismatches[0] == 0;
        } finally {
            deleteRecursively(dataDir);
        }
    }

    /** Transactions announced by node 1 (at A) carried to node 2 (at B) and found in its mempool. */
    private boolean runWithNodes(TransportRegistry registry, LinkUri radioA, LinkUri radioB) throws Exception {
        SplittableRandom random = new SplittableRandom(options.seed());
        Path dataDir = Files.createTempDirectory("skywave-demo");
        try (NodeAttachment nodeA = NodeAttachment.forUri("node-a", options.nodeA());
             NodeAttachment nodeB = NodeAttachment.forUri("node-b", options.nodeB());
             MessageStore storeA = MessageStore.open(dataDir.resolve("a.db"), StoreOptions.defaults());
             MessageStore storeB = MessageStore.open(dataDir.resolve("b.db"), StoreOptions.defaults())) {
            NodeTransactions atB = new NodeTransactions(nodeB, options.count());
            try (Station a = new Station("A", List.of(radioSpec(radioA)), registry, storeA,
                         StationExecutor.singleThread("A"), Duration.ofHours(1), LocalDelivery.NONE, random.split());
                 Station b = new Station("B", List.of(radioSpec(radioB)), registry, storeB,
                         StationExecutor.singleThread("B"), Duration.ofHours(1), atB, random.split())) {
                nodeA.attach(a, storeA);
                nodeB.attach(b, storeB);
                await(a.start());
                await(b.start());
                nodeA.start();
                nodeB.start();
                LinkProfile profile = printHeader(a, radioA, radioB,
                        "the next " + options.count() + " transactions of " + options.nodeA() + " to " + options.nodeB());
                long started = System.nanoTime();
                // The nodes set the pace: allow time for them to announce, then the link's own time.
                Duration deadline = NODE_WAIT.plus(deadline(profile, java.util.Collections.nCopies(options.count(), new byte[600])));
                showProgress(a, b, started, deadline, options.count(), atB::confirmed);
                printSummary(a, b, started, atB.confirmed(), options.count(), atB.confirmedPayloadBytes(), profile);
                return atB.confirmed() == options.count();
            }
        } finally {
            deleteRecursively(dataDir);
        }
    }

    private StationLinkSpec radioSpec(LinkUri uri) {
        return new StationLinkSpec("radio", uri, true, 0).withCompactTransactions(options.compactTransactions());
    }

    private LinkProfile printHeader(Station a, LinkUri radioA, LinkUri radioB, String what) throws InterruptedException {
        // A modem may run at another speed than the URI asks (JS8Call 2.2 keeps its own): the link
        // takes the modem's once it is up, and the header and the "% of link rate" must use that one.
        long upBy = System.nanoTime() + LINK_UP_WAIT.toNanos();
        while (radioStatus(a).state() != LinkState.UP && System.nanoTime() < upBy) {
            Thread.sleep(50);
        }
        LinkProfile profile = radioStatus(a).profile();
        out.printf(Locale.ROOT, "Skywave demo: %s, %s to %s over %s (%s bit/s, MTU %d), loss %.2f, seed %d%n",
                what, radioA.params().getOrDefault("callsign", CALLSIGN_A), radioB.params().getOrDefault("callsign", CALLSIGN_B),
                options.linkA() != null ? radioA + " / " + radioB : "simulated " + profile.name(),
                formatRate(profile.bitrate()), profile.mtu(), options.linkA() != null ? 0.0 : options.loss(), options.seed());
        return profile;
    }

    private void showProgress(Station a, Station b, long started, Duration allowed, int total, IntSupplier done)
            throws InterruptedException {
        ProgressBar bar = new ProgressBar(out, total, terminal);
        // Give up only when nothing arrived for as long as the first transactions were allowed: a lossy
        // link is slow, not stuck, as long as retries still get transactions through.
        long deadline = started + allowed.toNanos();
        int lastDone = 0;
        while (done.getAsInt() < total && System.nanoTime() < deadline) {
            Thread.sleep(250);
            if (done.getAsInt() > lastDone) {
                lastDone = done.getAsInt();
                deadline = Math.max(deadline, System.nanoTime() + allowed.toNanos() / 2);
            }
            bar.update(done.getAsInt(), onAirBytes(a, b), seconds(started));
        }
        bar.update(done.getAsInt(), onAirBytes(a, b), seconds(started));
        bar.finish();
    }

    private void printSummary(Station a, Station b, long started, int delivered, int total, long payloadBytes, LinkProfile profile) {
        double elapsed = seconds(started);
        double goodput = payloadBytes * 8 / elapsed;
        out.printf(Locale.ROOT, "delivered %d/%d in %.1f s, on-air bytes %d, goodput %.0f bit/s (%.1f%% of link rate)%n",
                delivered, total, elapsed, onAirBytes(a, b), goodput, 100.0 * goodput / profile.bitrate());
        printLinkFigures(a, b);
    }

    /** A radio link needs a callsign; the demo gives its own placeholder unless the URI names one. */
    private static String withDemoCallsign(TransportRegistry registry, String uriText, boolean stationA) throws LinkUriException {
        LinkUri uri = LinkUri.parse(uriText);
        if (!registry.forUri(uri).isRadio() || uri.params().containsKey("callsign")) {
            return uriText;
        }
        String separator = uriText.contains("?") ? "&" : "?";
        if (uri.scheme().equals("js8call")) {
            String peer = uri.params().containsKey("peer") ? "" : "&peer=" + (stationA ? JS8_CALLSIGN_B : JS8_CALLSIGN_A);
            return uriText + separator + "callsign=" + (stationA ? JS8_CALLSIGN_A : JS8_CALLSIGN_B) + peer;
        }
        return uriText + separator + "callsign=" + (stationA ? CALLSIGN_A : CALLSIGN_B);
    }

    /**
     * A link that calls its peers by callsign (VARA's {@code peers}) is told to call the other
     * demo station, unless the URI names peers itself; links without that parameter are left as given.
     */
    private static String withDemoPeer(TransportRegistry registry, String uriText, String otherCallsign) throws LinkUriException {
        LinkUri uri = LinkUri.parse(uriText);
        if (!registry.forUri(uri).isRadio() || uri.params().containsKey(PEERS_PARAM)) {
            return uriText;
        }
        String withPeer = uriText + (uriText.contains("?") ? "&" : "?") + PEERS_PARAM + "=" + otherCallsign;
        try {
            registry.validate(withPeer);
            return withPeer;
        } catch (LinkUriException notKnown) {
            return uriText;
        }
    }

    private void verify(Message message, Map<MessageId, byte[]> expected, Map<MessageId, Boolean> delivered, long[] mismatches) {
        if (!(message instanceof TxMessage tx)) {
            return;
        }
        byte[] want = expected.get(tx.id());
        if (want == null || !Arrays.equals(want, tx.rawTransaction())) {
            mismatches[0]++;
            Logger.error("demo: B received a transaction that A was not given: {}", tx.id());
            return;
        }
        delivered.putIfAbsent(tx.id(), Boolean.TRUE);
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
