package org.skywave.bridge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.skywave.bridge.compact.TransactionJson;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.jsonl.JsonLinesCodec;
import org.skywave.bridge.node.jsonl.JsonLinesMessage;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.sim.SimTransport;
import org.skywave.transport.sim.VirtualClock;

/**
 * Two stations joined by a simulated link on a virtual clock, with real SQLite stores: station A
 * is handed the transactions, and the run ends when B has every one. Virtual time makes a run at
 * JS8's 2.4 bit/s take seconds, and makes it repeat exactly for a seed.
 */
public final class AirtimeBench {

    /** How long a station waits for its store's commits after an event before the run fails. */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(30);

    /** Wall time of virtual time zero. */
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofMillis(20);
    private static final Network NETWORK = Network.BITCOIN_MAINNET;

    /**
     * One simulated link to measure.
     *
     * @param label   the name in the table
     * @param uri     the {@code sim:} URI without channel and callsign
     * @param framing bytes of the mode's own framing around each frame's payload (no keying)
     */
    public record Profile(String label, String uri, int framing) {
    }

    /** The profiles of the table: every AX.25 and VARA profile, and JS8 at each of its four speeds (js8call.md section 9). */
    public static List<Profile> standardProfiles() {
        int ax25 = LinkProfiles.AX25_FRAME_BYTES;
        int js8 = LinkProfiles.JS8_NORMAL.frameOverhead();
        return List.of(new Profile("ax25-300", "sim:ax25-300", ax25), new Profile("ax25-1200", "sim:ax25-1200", ax25),
                new Profile("ax25-9600", "sim:ax25-9600", ax25),
                new Profile("vara-hf-2300", "sim:vara-hf-2300", LinkProfiles.VARA_HF_2300.frameOverhead()),
                new Profile("js8-slow", "sim:js8-normal?bitrate=2.4", js8),
                new Profile("js8-normal", "sim:js8-normal", js8),
                new Profile("js8-fast", "sim:js8-normal?bitrate=7.2", js8),
                new Profile("js8-turbo", "sim:js8-normal?bitrate=12", js8));
    }

    /**
     * What one run measured.
     *
     * @param seconds        virtual time from handing A the first transaction to B holding the last
     * @param txBytes        the transactions' wire bytes
     * @param onAirBytes     bytes both stations keyed up for, framing and keying included
     * @param ceilingSeconds the least time physics allows: every byte in frames of the link's MTU,
     *                       with the mode's framing, in one transmission with one TX delay
     */
    public record Result(Profile profile, LinkProfile link, boolean compact, int delivered, int count, double seconds,
            long txBytes, long onAirBytes, double ceilingSeconds) {

        public double shareOfLinkRate() {
            return txBytes * 8 / seconds / link.bitrate();
        }

        public double shareOfCeiling() {
            return ceilingSeconds / seconds;
        }

        public double onAirBytesPerTx() {
            return (double) onAirBytes / count;
        }
    }

    /** Bytes one transaction takes in each encoding, summed over the run's transactions. */
    public record EncodingSizes(int count, long skywaveCompact, long skywave, long jsonLines, long bitcoinWire) {
    }

    private final List<byte[]> transactions;

    public AirtimeBench(List<byte[]> transactions) {
        this.transactions = List.copyOf(transactions);
    }

    /** The transactions encoded as Skywave TX messages, Bunkercoin-style JSON lines and Bitcoin {@code tx} messages. */
    public EncodingSizes encodingSizes() throws MalformedMessageException {
        JsonLinesCodec jsonl = new JsonLinesCodec(JsonLinesCodec.MAX_MAX_LINE_BYTES);
        long compact = 0;
        long plain = 0;
        long json = 0;
        long wire = 0;
        for (byte[] raw : transactions) {
            TxMessage tx = new TxMessage(NETWORK, raw);
            compact += MessageCodec.INSTANCE.encodeCompact(tx).length;
            plain += MessageCodec.INSTANCE.encode(tx).length;
            json += jsonl.encode(JsonLinesMessage.newTransaction(TransactionJson.of(raw).getBytes(StandardCharsets.US_ASCII))).length;
            wire += 24 + raw.length; // magic, command, length, checksum, then the payload
        }
        return new EncodingSizes(transactions.size(), compact, plain, json, wire);
    }

    private static MessageStore opened(AtomicReference<MessageStore> holder, MessageStore store) {
        holder.set(store);
        return store;
    }

    private static void awaitCommits(MessageStore store) {
        if (store != null && !store.awaitIdle(COMMIT_WAIT)) {
            throw new IllegalStateException("store writes not done within " + COMMIT_WAIT);
        }
    }

    /** Carries every transaction from A to B over {@code profile}; the run gives up after {@code limit} of virtual time. */
    public Result run(Profile profile, boolean compact, long seed, Duration limit) throws Exception {
        VirtualClock clock = new VirtualClock();
        SimTransport sim = new SimTransport(clock, seed);
        Path dir = Files.createTempDirectory("skywave-bench");
        String channel = profile.uri() + (profile.uri().contains("?") ? "&" : "?") + "channel=bench";
        Map<MessageId, Boolean> delivered = new ConcurrentHashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        // The stores commit on threads of their own: each station waits for its commits after every
        // event, so their results arrive at the same virtual moment in every run.
        AtomicReference<MessageStore> openA = new AtomicReference<>();
        AtomicReference<MessageStore> openB = new AtomicReference<>();
        StationExecutor executorA = StationExecutor.on(clock, EPOCH, () -> awaitCommits(openA.get()));
        StationExecutor executorB = StationExecutor.on(clock, EPOCH, () -> awaitCommits(openB.get()));
        try (TransportRegistry registry = new TransportRegistry(List.of(sim));
             MessageStore storeA = opened(openA, MessageStore.open(dir.resolve("a.db"), options(executorA)));
             MessageStore storeB = opened(openB, MessageStore.open(dir.resolve("b.db"), options(executorB)));
             Station a = new Station("A", List.of(spec(channel + "&callsign=N0CALL-1", compact)), registry, storeA,
                     executorA, Duration.ofDays(30), (link, m) -> { }, random.split());
             Station b = new Station("B", List.of(spec(channel + "&callsign=N0CALL-2", compact)), registry, storeB,
                     executorB, Duration.ofDays(30),
                     (link, m) -> delivered.put(m.id(), Boolean.TRUE), random.split())) {
            await(clock, a.start());
            await(clock, b.start());
            LinkProfile link = radio(clock, a).profile();
            long started = clock.nanoTime();
            long txBytes = 0;
            for (byte[] raw : transactions) {
                await(clock, a.submit(new TxMessage(NETWORK, raw)));
                txBytes += raw.length;
            }
            long steps = limit.toNanos() / STEP.toNanos();
            for (long i = 0; delivered.size() < transactions.size() && i < steps; i++) {
                clock.advanceBy(STEP);
            }
            double seconds = (clock.nanoTime() - started) / 1e9;
            long onAir = radio(clock, a).linkStats().onAirBytes() + radio(clock, b).linkStats().onAirBytes();
            return new Result(profile, link, compact, delivered.size(), transactions.size(), seconds, txBytes, onAir,
                    ceiling(link, profile.framing(), txBytes));
        } finally {
            sim.shutdown();
            deleteRecursively(dir);
        }
    }

    /** Every byte in frames of the link's MTU with the mode's framing, in one transmission keyed once. */
    static double ceiling(LinkProfile link, int framing, long bytes) {
        long frames = (bytes + link.mtu() - 1) / link.mtu();
        return (bytes + frames * framing) * 8 / link.bitrate() + link.turnaround().toNanos() / 1e9;
    }

    /** Store time is the station's virtual time, so that ages and TTLs follow the simulation. */
    private static StoreOptions options(StationExecutor executor) {
        return StoreOptions.builder().clock(executor.clock()).maintenanceInterval(Duration.ofHours(1))
                .statsLogInterval(Duration.ZERO).build();
    }

    private static StationLinkSpec spec(String uri, boolean compact) throws Exception {
        return new StationLinkSpec("radio", LinkUri.parse(uri), true, 0).withCompactTransactions(compact);
    }

    private static StationLinkStatus radio(VirtualClock clock, Station station) {
        return await(clock, station.status()).get("radio");
    }

    private static <T> T await(VirtualClock clock, CompletableFuture<T> future) {
        for (int i = 0; i < 10_000 && !future.isDone(); i++) {
            clock.advanceBy(i == 0 ? Duration.ZERO : Duration.ofMillis(1));
        }
        return future.join();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
