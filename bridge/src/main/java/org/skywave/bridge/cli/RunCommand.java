package org.skywave.bridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
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
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.transport.LinkUriException;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skywave run --config FILE}: the daemon. Runs until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a station with the links and nodes the config file declares, until stopped (SIGTERM).")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the station's TOML config file")
    Path configFile;

    @Override
    public Integer call() throws Exception {
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
        List<StationLinkSpec> links;
        try {
            links = linkSpecs(config);
        } catch (IOException e) {
            // The config check read these files a moment ago; they changed since.
            System.err.println("cannot start: " + e.getMessage());
            registry.close();
            return 1;
        }
        List<AutoCloseable> toClose = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("stopping");
            closeAll(toClose);
            registry.close();
            Logger.info("stopped");
            Logging.shutdown();
            stopped.countDown();
        }, "shutdown"));
        try {
            Files.createDirectories(config.station().dataDir());
            MessageStore store = MessageStore.open(config.store().file(), storeOptions(config.store()));
            toClose.add(store);
            List<NodeAttachment> nodes = new ArrayList<>();
            for (NodeConfig node : config.nodes()) {
                nodes.add(NodeAttachment.forUri(node.name(), node.uri()));
            }
            LocalDelivery logArrivals = (linkName, message) ->
                    Logger.info("received {} {} on link {}", message.kind(), message.id().shortHex(), linkName);
            LocalDelivery toNodes = (linkName, message) -> {
                logArrivals.deliver(linkName, message);
                nodes.forEach(node -> node.deliver(linkName, message));
            };
            Station station = new Station(config.station().name(), links, registry, store,
                    StationExecutor.singleThread(config.station().name()), config.store().ttl(), toNodes, new SplittableRandom(),
                    config.gate());
            toClose.add(0, station);
            station.start().get();
            for (NodeAttachment node : nodes) {
                toClose.add(0, node);
                node.start(station);
            }
            startAdmin(config, station, store, links, nodes).ifPresent(admin -> toClose.add(0, admin));
        } catch (StoreException | LinkUriException | ExecutionException e) {
            Logger.error("cannot start: {}", (e instanceof ExecutionException ? e.getCause() : e).getMessage());
            return 1;
        }
        stopped.await();
        return 0;
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
                    key == null ? null : key.id(), link.peer(), link.policy(), true));
        }
        return specs;
    }

    /** The admin API is for the operator's convenience: if its port is taken, the station still relays. */
    private static Optional<AdminServer> startAdmin(SkywaveConfig config, Station station, MessageStore store,
            List<StationLinkSpec> links, List<NodeAttachment> nodes) {
        Network defaultNetwork = nodes.isEmpty() ? Network.BITCOIN_MAINNET : nodes.get(0).network();
        try {
            AdminServer admin = AdminServer.start(config.admin(), new StationAdminBackend(station, store, links, defaultNetwork));
            Logger.info("admin API on {}", admin.uri());
            return Optional.of(admin);
        } catch (IOException e) {
            Logger.error("admin API not started: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                Logger.warn("while stopping {}: {}", resource, e.getMessage());
            }
        }
    }

    private static StoreOptions storeOptions(StoreConfig store) {
        return StoreOptions.builder()
                .synchronous(store.synchronous())
                .maxMessages(store.maxMessages())
                .maxBytes(store.maxBytes())
                .walMaxBytes(store.walMaxBytes())
                .build();
    }
}
