package org.skywave.bridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.skywave.bridge.admin.AdminServer;
import org.skywave.bridge.admin.StationAdminBackend;
import org.skywave.bridge.config.ConfigException;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.LinkConfig;
import org.skywave.bridge.config.MacSecrets;
import org.skywave.bridge.config.NodeConfig;
import org.skywave.bridge.config.SkywaveConfig;
import org.skywave.bridge.config.StoreConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.daemon.DaemonSignals;
import org.skywave.bridge.daemon.StartedParts;
import org.skywave.bridge.daemon.SystemdNotify;
import org.skywave.bridge.daemon.Watchdog;
import org.skywave.bridge.framing.Ed25519FrameAuthenticator;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TrustedPeers;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreEvent;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkUriException;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code skywave run --config FILE}: the daemon. Runs until SIGTERM or SIGINT, then exits with
 * status 0; exits with status 1 if any configured part (store, link, node, admin API) cannot start.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a station with the links and nodes the config file declares, until stopped (SIGTERM).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the station's TOML config file")
    Path configFile;

    /** Longest wait for the station thread to open the links before start-up is given up. */
    static final Duration STATION_START_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public Integer call() throws Exception {
        // First of all, so a SIGTERM at any later point of start-up is a clean stop, never a race.
        DaemonSignals signals = DaemonSignals.install();
        try {
            return runUntilStopped(signals);
        } finally {
            Logging.shutdown();
        }
    }

    private int runUntilStopped(DaemonSignals signals) throws InterruptedException {
        TransportRegistry registry = TransportRegistry.standard();
        SkywaveConfig config;
        try {
            config = ConfigLoader.load(configFile, registry);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            registry.close();
            return 1;
        }
        Logging.configure(config.station().logLevel().name().toLowerCase(Locale.ROOT));
        try (StartedParts parts = new StartedParts()) {
            parts.add(registry);
            SystemdNotify systemd = parts.add(SystemdNotify.fromEnvironment(System.getenv(), ProcessHandle.current().pid()));
            Running running;
            try {
                running = start(config, registry, parts, signals);
            } catch (StartException e) {
                // Logged before the parts already started are closed, so it stands out in the journal.
                Logger.error("cannot start: {}", e.getMessage());
                return 1;
            }
            if (running == null) {
                Logger.info("stopping: asked to stop during start-up");
            } else {
                Station station = running.station();
                systemd.ready(readiness(config));
                systemd.watchdogInterval().ifPresent(interval -> parts.add(Watchdog.start(station::gateStatus, systemd, interval)));
                ConfigReload reload = new ConfigReload(configFile, config, registry, station, running.admin());
                while (signals.next(Duration.ofDays(1)) == DaemonSignals.Request.RELOAD) {
                    Logger.info("reloading {}", configFile);
                    systemd.reloading("reading " + configFile);
                    reload.reload();
                    systemd.ready(readiness(reload.running()));
                }
                Logger.info("stopping");
                systemd.stopping();
            }
        } catch (IOException e) {
            Logger.error("cannot start: {}", e.getMessage());
            return 1;
        }
        Logger.info("stopped");
        return 0;
    }

    private static String readiness(SkywaveConfig config) {
        return "relaying on " + config.links().size() + " link(s), " + config.nodes().size() + " node(s)";
    }

    /** The started station and the admin API's view of it, which a reload updates. */
    private record Running(Station station, StationAdminBackend admin) {
    }

    /**
     * Starts store, station, nodes and admin API in that order, each registered with {@code parts}
     * as soon as it runs. Returns null, having started nothing more, once a stop is asked for.
     *
     * @throws StartException naming the part that could not start
     */
    private Running start(SkywaveConfig config, TransportRegistry registry, StartedParts parts, DaemonSignals signals)
            throws StartException, InterruptedException {
        Startup startup;
        try {
            startup = prepare(config);
        } catch (IOException e) {
            // The config check read these files a moment ago; they changed since.
            throw new StartException(e.getMessage(), e);
        }
        List<StationLinkSpec> links = startup.links();
        List<NodeAttachment> nodes = startup.nodes();
        if (signals.stopRequested()) {
            return null;
        }
        // The store opens before the station whose recent events should show its health changes.
        AtomicReference<Station> stationHolder = new AtomicReference<>();
        MessageStore store;
        try {
            Files.createDirectories(config.station().dataDir());
            store = parts.add(MessageStore.open(config.store().file(),
                    startup.storeOptions().toBuilder().listener(healthEvents(stationHolder)).build()));
        } catch (IOException e) {
            throw new StartException(e.getMessage(), e);
        }
        if (signals.stopRequested()) {
            return null;
        }
        // Nodes get what arrives through their own durable queues (NodeDelivery); this only logs it.
        LocalDelivery logArrivals = (linkName, message) ->
                Logger.info("received {} {} on link {}", message.kind(), message.id().shortHex(), linkName);
        Station station = parts.add(new Station(config.station().name(), links, registry, store,
                StationExecutor.singleThread(config.station().name()), config.store().ttl(), logArrivals, new SplittableRandom(),
                config.gate()));
        stationHolder.set(station);
        for (NodeAttachment node : nodes) {
            node.attach(station, store);
        }
        try {
            station.start().get(STATION_START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new StartException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new StartException("the station did not open its links within " + STATION_START_TIMEOUT.toSeconds() + " s", e);
        }
        for (NodeAttachment node : nodes) {
            if (signals.stopRequested()) {
                return null;
            }
            parts.add(node);
            node.start();
        }
        if (signals.stopRequested()) {
            return null;
        }
        // POST /tx takes Bitcoin transactions: the first Bitcoin node's network, whatever nodes come before it.
        Network defaultNetwork = nodes.stream().map(NodeAttachment::network).filter(n -> n != Network.BUNKERCOIN)
                .findFirst().orElse(Network.BITCOIN_MAINNET);
        StationAdminBackend backend = parts.add(new StationAdminBackend(station, store, links, defaultNetwork));
        backend.useNodes(nodes);
        try {
            AdminServer admin = parts.add(AdminServer.start(config.admin(), backend));
            Logger.info("admin API on {}", admin.uri());
        } catch (IOException e) {
            // A configured part that cannot start stops the station: the operator would otherwise
            // find out only when reaching for it.
            throw new StartException("admin API: " + e.getMessage(), e);
        }
        return new Running(station, backend);
    }

    /** Store health changes (writes failing, recovered, stopped) as recent events of the station, once there is one. */
    static Consumer<StoreEvent> healthEvents(AtomicReference<Station> station) {
        return event -> {
            Station target = station.get();
            boolean health = switch (event.kind()) {
                case WRITES_FAILING, WRITES_RECOVERED, WRITES_STOPPED -> true;
                default -> false; // per-message events are counted in the queue table instead
            };
            if (health && target != null) {
                target.events().add("store", event.kind() + (event.reason().isEmpty() ? "" : " (" + event.reason() + ")"));
            }
        };
    }

    /**
     * What {@code run} builds from a config before it opens anything. {@code check-config} builds
     * the same, so what it accepts, {@code run} starts.
     */
    record Startup(List<StationLinkSpec> links, StoreOptions storeOptions, List<NodeAttachment> nodes) {
    }

    /** Builds the {@link Startup} of {@code config}: key and secret files read, node URIs parsed (a bad one is a {@link LinkUriException}), store options checked. */
    static Startup prepare(SkywaveConfig config) throws IOException {
        List<NodeAttachment> nodes = new ArrayList<>();
        for (NodeConfig node : config.nodes()) {
            nodes.add(NodeAttachment.forUri(node.name(), node.uri()));
        }
        return new Startup(linkSpecs(config), storeOptions(config.store()), List.copyOf(nodes));
    }

    /** The links to open, each with the authenticator its {@code auth} asks for; never one that encrypts. */
    static List<StationLinkSpec> linkSpecs(SkywaveConfig config) throws IOException {
        StationKey key = config.station().keyFile() == null ? null : KeyFile.read(config.station().keyFile());
        TrustedPeers trusted = TrustedPeers.of(config.station().trustedPeers());
        List<StationLinkSpec> specs = new ArrayList<>();
        for (LinkConfig link : config.links()) {
            FrameAuthenticator authenticator = switch (link.auth()) {
                case NONE -> FrameAuthenticator.NONE;
                case MAC -> new HmacFrameAuthenticator(MacSecrets.read(link.macSecretFile()), link.macBytes());
                case SIGNATURE -> new Ed25519FrameAuthenticator(key, trusted);
            };
            specs.add(new StationLinkSpec(link.name(), link.uri(), link.radio(), link.repeats(), authenticator,
                    key == null ? null : key.id(), link.peers(), link.policy(), link.maxMessagesPerMinute(), link.maxReplays(),
                    true));
        }
        return specs;
    }

    private static StoreOptions storeOptions(StoreConfig store) {
        return StoreOptions.builder()
                .synchronous(store.synchronous())
                .maxMessages(store.maxMessages())
                .maxBytes(store.maxBytes())
                .walMaxBytes(store.walMaxBytes())
                .build();
    }

    /** A configured part of the station that could not start; the message names it and why. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
