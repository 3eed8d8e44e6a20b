package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.station.LocalDelivery;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationExecutor;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreEvent;

/** The store's health changes reach the station's recent events; per-message store events do not. */
class StoreHealthEventsTest {

    @TempDir
    Path dir;

    @Test
    void healthChangesBecomeRecentEventsOnceThereIsAStation() throws Exception {
        AtomicReference<Station> holder = new AtomicReference<>();
        Consumer<StoreEvent> listener = RunCommand.healthEvents(holder);
        listener.accept(new StoreEvent(StoreEvent.Kind.WRITES_FAILING, "", "", "before the station exists"));
        try (MessageStore store = MessageStore.open(dir.resolve("s.db"));
             TransportRegistry registry = new TransportRegistry(List.of());
             Station station = new Station("A", List.of(), registry, store, StationExecutor.singleThread("A"),
                     Duration.ofHours(1), LocalDelivery.NONE, new SplittableRandom(1))) {
            holder.set(station);
            listener.accept(new StoreEvent(StoreEvent.Kind.EVICTED, "radio", "00", "room for a higher-ranked message"));
            listener.accept(new StoreEvent(StoreEvent.Kind.WRITES_FAILING, "", "", "disk full"));
            listener.accept(new StoreEvent(StoreEvent.Kind.WRITES_RECOVERED, "", "", ""));
            assertEquals(List.of("store: WRITES_FAILING (disk full)", "store: WRITES_RECOVERED"),
                    station.events().list().stream().map(e -> e.subject() + ": " + e.text()).toList());
        }
    }
}
