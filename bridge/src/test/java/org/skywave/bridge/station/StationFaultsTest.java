package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.TxMessage;

/**
 * An exception nobody foresaw, injected into an inbound handler, a pump and a timer: the station
 * thread catches it at its boundary, counts it, and goes on relaying.
 */
class StationFaultsTest {

    private static final String AIR = "sim:ax25-1200?channel=air";
    private static final Duration LIMIT = Duration.ofHours(1);

    @TempDir
    Path dir;

    @Test
    void theRealThreadRunsOnAfterATaskOrATimerThrows() throws Exception {
        StationExecutor executor = StationExecutor.singleThread("faults");
        try {
            executor.execute(() -> {
                throw new IllegalStateException("injected into a task");
            });
            executor.schedule(Duration.ofMillis(1), () -> {
                throw new IndexOutOfBoundsException("injected into a timer");
            });
            CountDownLatch later = new CountDownLatch(2);
            executor.schedule(Duration.ofMillis(50), later::countDown);
            executor.execute(later::countDown);
            assertTrue(later.await(10, TimeUnit.SECONDS), "tasks after the faults ran");
            assertEquals(2, executor.faults().count());
        } finally {
            executor.close();
        }
    }

    @Test
    void anInboundHandlerFaultIsCountedAndTheNextMessageIsStillRelayed() {
        try (SimStations net = new SimStations(dir, 71)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            List<TxMessage> txs = StationTest.transactions(71, 2);
            b.deliveries().failNext(new IllegalStateException("injected into local delivery"));

            a.submit(txs.get(0));
            net.runUntil("the fault", () -> b.station().unexpectedFaults() == 1, LIMIT, () -> b.toString());
            a.submit(txs.get(1));
            net.runUntil("the second message delivered and both acknowledged",
                    () -> b.deliveries().contains(txs.get(1).id()) && a.depth("radio") == 0, LIMIT, () -> a + " / " + b);

            assertEquals(1, b.station().unexpectedFaults());
            assertEquals(0, a.station().unexpectedFaults());
        }
    }

    @Test
    void aPumpFaultIsCountedAndTheMessageStillGoesOut() {
        try (SimStations net = new SimStations(dir, 72)) {
            TestStation a = net.station("A", radio("radio", AIR)).start();
            TestStation b = net.station("B", radio("radio", AIR)).start();
            AtomicBoolean injected = new AtomicBoolean();
            TxMessage tx = StationTest.transactions(72, 1).get(0);
            net.tapWritable(() -> {
                if (injected.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected into a link's pump");
                }
            });

            a.submit(tx);
            StationTest.runUntilDelivered(net, a, b, List.of(tx.id()));

            assertTrue(injected.get());
            assertEquals(1, a.station().unexpectedFaults() + b.station().unexpectedFaults());
        }
    }
}
