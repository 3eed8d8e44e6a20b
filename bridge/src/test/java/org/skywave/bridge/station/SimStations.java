package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.skywave.transport.sim.SimChannel;
import org.skywave.transport.sim.SimTransport;
import org.skywave.transport.sim.VirtualClock;

/**
 * Stations joined by simulated channels, all on one {@link VirtualClock}, each with a real SQLite
 * store in a test directory: a run over a 1200 bit/s link with losses takes milliseconds and
 * repeats exactly for a seed. Time moves only through {@link #advance} and {@link #runUntil}.
 */
final class SimStations implements AutoCloseable {

    /** Wall time of virtual time zero: queue entries, TTLs and ages are read against it. */
    static final Instant EPOCH = Instant.parse("2025-06-01T12:00:00Z");
    /** Time moves in steps this long while a condition is awaited. */
    static final Duration STEP = Duration.ofMillis(100);

    private final VirtualClock clock = new VirtualClock();
    private final SimTransport sim;
    private final TransportRegistry registry;
    private final Path dir;
    private final long seed;
    private final List<TestStation> stations = new ArrayList<>();
    private volatile BiConsumer<LinkUri, byte[]> sendTap = (uri, frame) -> { };
    private volatile Runnable writableTap = () -> { };

    SimStations(Path dir, long seed) {
        this.dir = dir;
        this.seed = seed;
        this.sim = new SimTransport(clock, seed);
        this.registry = new TransportRegistry(List.of(new TappedTransport()));
    }

    /** A station named {@code name} with its store in {@code NAME.db}; not started yet. */
    TestStation station(String name, StationLinkSpec... links) {
        return station(name, TestStation.StoreOpener.PLAIN, links);
    }

    TestStation station(String name, TestStation.StoreOpener opener, StationLinkSpec... links) {
        TestStation station = new TestStation(name, List.of(links), dir.resolve(name + ".db"), seed, opener, this);
        stations.add(station);
        return station;
    }

    /** A link to a Skywave station that acknowledges, on the radio side of the gate. */
    static StationLinkSpec radio(String name, String uri) {
        return new StationLinkSpec(name, parse(uri), true, 0);
    }

    /** A link to a Skywave station that acknowledges, on the internet side of the gate. */
    static StationLinkSpec internet(String name, String uri) {
        return new StationLinkSpec(name, parse(uri), false, 0);
    }

    private static LinkUri parse(String uri) {
        try {
            return LinkUri.parse(uri);
        } catch (LinkUriException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    VirtualClock clock() {
        return clock;
    }

    TransportRegistry registry() {
        return registry;
    }

    SimChannel channel(String name) {
        return sim.channel(name);
    }

    /** Sees every frame any link sends, before the channel takes it (on the clock's thread). */
    void tapSends(BiConsumer<LinkUri, byte[]> tap) {
        this.sendTap = tap;
    }

    /** Runs before every link's {@code isWritable()}, on the station thread: a fault thrown here is one in a pump. */
    void tapWritable(Runnable tap) {
        this.writableTap = tap;
    }

    Duration elapsed() {
        return clock.elapsed();
    }

    StationExecutor executor() {
        return StationExecutor.on(clock, EPOCH);
    }

    /** An executor that waits after each task for the commits it set off in {@code store} (null while none is open). */
    StationExecutor executor(java.util.function.Supplier<org.skywave.bridge.store.MessageStore> store) {
        return StationExecutor.on(clock, EPOCH, () -> {
            org.skywave.bridge.store.MessageStore open = store.get();
            if (open != null && !open.awaitIdle(Duration.ofSeconds(30))) {
                throw new IllegalStateException("store writes not done within 30 s");
            }
        });
    }

    /** Runs everything due in the next {@code duration} of virtual time. */
    void advance(Duration duration) {
        clock.advanceBy(duration);
    }

    /**
     * Moves time in {@link #STEP}s until {@code done} holds, failing with {@code what} and
     * {@code state} if it does not within {@code limit} of virtual time.
     */
    void runUntil(String what, BooleanSupplier done, Duration limit, Supplier<String> state) {
        long steps = limit.toNanos() / STEP.toNanos();
        for (long i = 0; !done.getAsBoolean(); i++) {
            if (i >= steps) {
                fail(what + ": not reached within " + limit + " of virtual time (at " + clock.elapsed() + "); " + state.get());
            }
            clock.advanceBy(STEP);
        }
    }

    /**
     * The result of a station operation: runs the station's tasks due now (the operation among
     * them) and returns what it completed with, throwing what it failed with.
     */
    <T> T await(CompletableFuture<T> future) {
        for (int i = 0; i < 1000 && !future.isDone(); i++) {
            clock.advanceBy(i == 0 ? Duration.ZERO : Duration.ofMillis(1));
        }
        if (!future.isDone()) {
            fail("station operation did not complete within 1 s of virtual time");
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Closes every station and store still open, then the simulated links. */
    @Override
    public void close() {
        for (TestStation station : stations) {
            station.close();
        }
        registry.close();
    }

    /** The simulated transport behind a tap, so that tests can look at what a station puts on the air. */
    private final class TappedTransport implements Transport {

        @Override
        public Set<String> schemes() {
            return sim.schemes();
        }

        @Override
        public boolean isRadio() {
            return sim.isRadio();
        }

        @Override
        public void validate(LinkUri uri) throws LinkUriException {
            sim.validate(uri);
        }

        @Override
        public Link open(LinkUri uri, LinkListener listener) throws TransportException {
            Link link = sim.open(uri, listener);
            return new Link() {
                @Override
                public LinkUri uri() {
                    return link.uri();
                }

                @Override
                public LinkProfile profile() {
                    return link.profile();
                }

                @Override
                public LinkState state() {
                    return link.state();
                }

                @Override
                public CompletableFuture<Void> broadcast(byte[] frame) {
                    sendTap.accept(uri, frame.clone());
                    return link.broadcast(frame);
                }

                @Override
                public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
                    sendTap.accept(uri, frame.clone());
                    return link.send(to, frame);
                }

                @Override
                public LinkAddress peerAddress(String text) {
                    return link.peerAddress(text);
                }

                @Override
                public boolean hasSessions() {
                    return link.hasSessions();
                }

                @Override
                public boolean opensSessionsOnDemand() {
                    return link.opensSessionsOnDemand();
                }

                @Override
                public void openSession(LinkAddress peer) {
                    link.openSession(peer);
                }

                @Override
                public void closeSession(LinkAddress peer, String reason) {
                    link.closeSession(peer, reason);
                }

                @Override
                public boolean isChannelBusy() {
                    return link.isChannelBusy();
                }

                @Override
                public boolean isWritable() {
                    writableTap.run();
                    return link.isWritable();
                }

                @Override
                public LinkStats stats() {
                    return link.stats();
                }

                @Override
                public void close() {
                    link.close();
                }
            };
        }

        @Override
        public void shutdown() {
            sim.shutdown();
        }
    }
}
