package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.bridge.testing.Waits;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.VaraAirChannel;
import org.skywave.transport.testing.VaraModemEmulator;

/**
 * Two stations over VARA HF through two strict emulated modems (1/20 of real VARA timing):
 * store-and-forward across sessions. Sessions open when traffic is queued, carry both
 * directions, close when idle, and a session dropped mid-transfer resumes later with nothing
 * lost and nothing delivered twice at the receiving station.
 */
class StationVaraSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private final VaraAirChannel air = new VaraAirChannel(VaraAirChannel.Conditions.clear().scaled(0.05));
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<MessageId, AtomicInteger> atA = new ConcurrentHashMap<>();
    private final Map<MessageId, AtomicInteger> atB = new ConcurrentHashMap<>();
    private VaraModemEmulator modemA;
    private VaraModemEmulator modemB;
    private Station a;
    private Station b;

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        air.close();
    }

    private void startStations(String paramsA, String paramsB) throws Exception {
        modemA = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        resources.add(modemA);
        modemB = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        resources.add(modemB);
        TransportRegistry registry = TransportRegistry.standard(1);
        resources.add(registry);
        a = station("A", registry, uri(modemA, "N0CALL-1", paramsA), atA);
        b = station("B", registry, uri(modemB, "N0CALL-2", paramsB), atB);
    }

    private static String uri(VaraModemEmulator modem, String call, String params) {
        return "vara-hf://127.0.0.1:" + modem.commandPort() + "?data-port=" + modem.dataPort() + "&callsign=" + call
                + "&busy-backoff=20&" + params;
    }

    private Station station(String name, TransportRegistry registry, String uri, Map<MessageId, AtomicInteger> received)
            throws Exception {
        MessageStore store = MessageStore.open(dir.resolve(name + ".db"), StoreOptions.defaults());
        resources.add(store);
        LocalDelivery count = (linkName, message) -> {
            if (message instanceof TxMessage tx) {
                received.computeIfAbsent(tx.id(), id -> new AtomicInteger()).incrementAndGet();
            }
        };
        Station station = new Station(name, List.of(new StationLinkSpec("radio", LinkUri.parse(uri), true, 0)), registry, store,
                StationExecutor.singleThread(name), Duration.ofHours(1), count, new SplittableRandom(name.hashCode()));
        resources.add(station);
        station.start().get(10, TimeUnit.SECONDS);
        return station;
    }

    private static List<TxMessage> transactions(int count, long seed) {
        DemoTransactions generator = new DemoTransactions(new SplittableRandom(seed));
        List<TxMessage> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txs.add(new TxMessage(Network.BITCOIN_REGTEST, generator.next()));
        }
        return txs;
    }

    @Test
    void aSessionDroppedMidTransferResumesWithNothingLostAndNothingTwice() throws Exception {
        startStations("peers=N0CALL-2&idle=5", "allow=N0CALL-1&idle=5");
        List<TxMessage> txs = transactions(30, 3);
        for (TxMessage tx : txs) {
            a.submit(tx).get(10, TimeUnit.SECONDS);
        }
        Waits.untilOrFail(WAIT, () -> atB.size() >= 5, "the first transactions at B");
        air.dropSession();
        int beforeDrop = atB.size();
        assertTrue(beforeDrop < 30, "the drop came mid-transfer: " + beforeDrop + " of 30 had arrived");
        Waits.untilOrFail(WAIT, () -> txs.stream().allMatch(tx -> atB.containsKey(tx.id())),
                "all 30 at B after the drop: " + atB.size());
        assertTrue(air.dropouts() == 1 && air.sessions() >= 2, "one drop, then a new session: " + air.sessions() + " sessions");
        Thread.sleep(500);
        for (TxMessage tx : txs) {
            assertEquals(1, atB.get(tx.id()).get(), "delivered once at B: " + tx.id());
        }
        assertEquals(List.of(), modemA.violations());
        assertEquals(List.of(), modemB.violations());
    }

    @Test
    void theCalledStationSendsItsOwnTrafficInTheSameSessionWhichThenClosesWhenIdle() throws Exception {
        startStations("peers=N0CALL-2&idle=2", "allow=N0CALL-1&idle=2");
        TxMessage fromA = transactions(1, 5).get(0);
        TxMessage fromB = transactions(1, 6).get(0);
        a.submit(fromA).get(10, TimeUnit.SECONDS);
        Waits.untilOrFail(WAIT, () -> atB.containsKey(fromA.id()), "A's transaction at B");
        b.submit(fromB).get(10, TimeUnit.SECONDS);
        Waits.untilOrFail(WAIT, () -> atA.containsKey(fromB.id()), "B's transaction at A, over the session A opened");
        assertEquals(1, air.sessions(), "both directions in one session");
        Waits.untilOrFail(WAIT, () -> !modemA.inSession() && !modemB.inSession(), "the idle session closed");
        assertTrue(modemA.commands().contains("DISCONNECT") || modemB.commands().contains("DISCONNECT"));
        assertEquals(List.of(), modemA.violations());
        assertEquals(List.of(), modemB.violations());
    }
}
