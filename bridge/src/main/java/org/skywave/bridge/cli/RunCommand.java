package org.skywave.bridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.skywave.bridge.config.ConfigException;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.SkywaveConfig;
import org.skywave.bridge.config.StoreConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreOptions;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code skywave run --config FILE}: the daemon. Runs until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs a station with the links the config file declares, until stopped (SIGTERM).")
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
        List<StationLinkSpec> links = config.links().stream()
                .map(link -> new StationLinkSpec(link.name(), link.uri(), link.radio(), link.repeats()))
                .toList();
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            Files.createDirectories(config.station().dataDir());
            MessageStore store = MessageStore.open(config.store().file(), storeOptions(config.store()));
            LocalDelivery logArrivals = (linkName, message) ->
                    Logger.info("received {} {} on link {}", message.kind(), message.id().shortHex(), linkName);
            Station station = new Station(config.station().name(), links, registry, store, StationExecutor.singleThread(config.station().name()),
                    config.store().ttl(), logArrivals, new SplittableRandom());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                Logger.info("stopping");
                station.close();
                store.close();
                registry.close();
                Logger.info("stopped");
                Logging.shutdown();
                stopped.countDown();
            }, "shutdown"));
            station.start().get();
        } catch (StoreException | ExecutionException e) {
            Logger.error("cannot start: {}", (e instanceof ExecutionException ? e.getCause() : e).getMessage());
            registry.close();
            return 1;
        }
        stopped.await();
        return 0;
    }

    private static StoreOptions storeOptions(StoreConfig store) {
        return StoreOptions.builder()
                .synchronous(StoreOptions.Synchronous.valueOf(store.synchronous().name()))
                .maxMessages(store.maxMessages())
                .maxBytes(store.maxBytes())
                .build();
    }
}
