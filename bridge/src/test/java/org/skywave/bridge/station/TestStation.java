package org.skywave.bridge.station;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreOptions;

/**
 * One station of {@link SimStations} with its store, which can be closed and opened again on the
 * same database file (a restart). What it delivers locally is recorded across restarts.
 */
final class TestStation {

    /** How a station's store is opened: plainly, or with a fault that the test switches. */
    @FunctionalInterface
    interface StoreOpener {
        MessageStore open(Path file, StoreOptions options) throws StoreException;

        StoreOpener PLAIN = MessageStore::open;
    }

    static final Duration MESSAGE_TTL = Duration.ofHours(6);

    private final String name;
    private final List<StationLinkSpec> links;
    private final Path file;
    private final long seed;
    private final StoreOpener opener;
    private final SimStations net;
    private final Deliveries deliveries;
    private MessageStore store;
    private Station station;
    private GateConfig gateConfig;
    private int starts;

    TestStation(String name, List<StationLinkSpec> links, Path file, long seed, StoreOpener opener, SimStations net) {
        this.name = name;
        this.links = links;
        this.file = file;
        this.seed = seed;
        this.opener = opener;
        this.net = net;
        this.deliveries = new Deliveries(net.clock());
    }

    /** The {@code [gate]} policy of the next start; without one the gate only routes. */
    TestStation gate(GateConfig config) {
        this.gateConfig = config;
        return this;
    }

    /** Opens the store on the station's file and starts a new Station on it. */
    TestStation start() {
        if (station != null) {
            throw new IllegalStateException(name + " is running");
        }
        StationExecutor executor = net.executor(() -> store);
        try {
            store = opener.open(file, StoreOptions.builder().clock(executor.clock())
                    .maintenanceInterval(Duration.ofHours(1)).statsLogInterval(Duration.ZERO).build());
        } catch (StoreException e) {
            throw new IllegalStateException("cannot open the store of " + name, e);
        }
        // A different but repeatable seed per start: a restarted station draws new jitter, as a real one would.
        station = new Station(name, links, net.registry(), store, executor, MESSAGE_TTL, deliveries,
                new SplittableRandom(seed * 31 + name.hashCode() + starts++), gateConfig, PeerScores.Limits.defaults());
        net.await(station.start());
        return this;
    }

    /** Closes the station, then its store, as the daemon does on shutdown. */
    void close() {
        if (station != null) {
            station.close();
            store.close();
            station = null;
            store = null;
        }
    }

    boolean running() {
        return station != null;
    }

    Station station() {
        if (station == null) {
            throw new IllegalStateException(name + " is not running");
        }
        return station;
    }

    MessageStore store() {
        station();
        return store;
    }

    Deliveries deliveries() {
        return deliveries;
    }

    /** Submits {@code message} and returns its id once the station reports it durable. */
    MessageId submit(Message message) {
        return net.await(station().submit(message));
    }

    MessageQueue queue(String link) {
        return store().queue(link);
    }

    MessageQueue queue(String link, String farStation) {
        return store().queue(link, farStation);
    }

    /** Messages queued on {@code link}, for whoever is on it and for each far station it names. */
    long depth(String link) {
        try {
            return store().stats().stream()
                    .filter(q -> q.destination().equals(link) || q.destination().startsWith(link + "/"))
                    .mapToLong(org.skywave.bridge.store.QueueStats::depth).sum();
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read the queues of " + link + " of " + name, e);
        }
    }

    /** Messages queued on {@code link} for {@code farStation}. */
    long depth(String link, String farStation) {
        try {
            return queue(link, farStation).stats().depth();
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read the queue " + link + "/" + farStation + " of " + name, e);
        }
    }

    boolean queued(String link, MessageId id) {
        try {
            return queue(link).contains(id);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read the queue " + link + " of " + name, e);
        }
    }

    boolean seen(MessageId id) {
        try {
            return store().seenSet().contains(id);
        } catch (StoreException e) {
            throw new IllegalStateException("cannot read the seen-set of " + name, e);
        }
    }

    GateStatus gateStatus() {
        return net.await(station().gateStatus());
    }

    Map<String, StationLinkStatus> status() {
        return net.await(station().status());
    }

    StationLinkStatus status(String link) {
        return status().get(link);
    }

    String name() {
        return name;
    }

    @Override
    public String toString() {
        if (station == null) {
            return name + " (stopped, " + deliveries.size() + " delivered)";
        }
        StringBuilder queues = new StringBuilder();
        for (StationLinkSpec link : links) {
            queues.append(", queue ").append(link.name()).append('=').append(depth(link.name()));
        }
        // Reads the store only: a diagnostic must not move the clock.
        return name + " (" + deliveries.size() + " delivered" + queues + ", store " + store.health().status() + ")";
    }
}
