package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.skywave.bridge.station.SimStations.radio;
import static org.skywave.bridge.station.StationTest.assertDeliveredOnceEach;
import static org.skywave.bridge.station.StationTest.ids;
import static org.skywave.bridge.station.StationTest.seed;
import static org.skywave.bridge.station.StationTest.transactions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.SmallDisk;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreHealth;

/**
 * A running station whose data directory is a real 2 MiB file system that fills up: it refuses
 * submissions while full, keeps what it accepted, and once space is freed it is healthy again and
 * delivers its whole backlog, without a restart.
 */
class StationFullDiskTest {

    private static final long DISK_BYTES = 2 * 1024 * 1024;
    private static final long WAL_BOUND = 128 * 1024;
    private static final Duration LIMIT = Duration.ofHours(6);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void fullDataDirectoryRefusesThenRecoversAndDeliversTheBacklogWithoutARestart() throws Exception {
        long seed = seed(0xf0_11d1L);
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("disk"), DISK_BYTES);
             SimStations net = new SimStations(dir, seed)) {
            disk.fillLeaving(500 * 1024);
            TestStation a = net.station("A", (file, options) -> MessageStore.open(disk.dir().resolve("A.db"),
                    options.toBuilder().walMaxBytes(WAL_BOUND).build()), radio("radio", "sim:ax25-9600?channel=air&callsign=A"));
            TestStation b = net.station("B", radio("radio", "sim:ax25-9600?channel=air&callsign=B"));
            a.start();
            b.start();
            net.channel("air").setConnected(false); // the backlog builds up at A

            List<TxMessage> txs = transactions(seed, 3_000);
            List<TxMessage> accepted = new ArrayList<>();
            List<TxMessage> refused = new ArrayList<>();
            int next = 0;
            while (refused.size() < 20 && next < txs.size() - 20) {
                TxMessage tx = txs.get(next++);
                try {
                    a.submit(tx);
                    accepted.add(tx);
                } catch (CompletionException e) {
                    StoreException cause = assertInstanceOf(StoreException.class, e.getCause());
                    assertTrue(cause.getMessage().contains("SQLITE_FULL"), cause.getMessage());
                    refused.add(tx);
                }
            }
            assertEquals(20, refused.size(), "the disk never filled up (" + accepted.size() + " accepted)");
            assertEquals(StoreHealth.Status.WRITES_FAILING, a.store().health().status());
            assertEquals(accepted.size(), a.depth("radio"), "everything accepted is queued");

            disk.freeFiller();
            net.channel("air").setConnected(true);
            long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
            while (!a.store().health().healthy()) {
                if (System.nanoTime() - deadline > 0) {
                    fail("A's store not healthy within " + RECOVERY_WAIT + " of space being freed: " + a.store().health());
                }
                net.advance(Duration.ofMillis(100));
                Thread.sleep(50);
            }
            List<TxMessage> after = txs.subList(next, next + 20);
            after.forEach(a::submit);
            accepted.addAll(after);

            net.runUntil("all " + accepted.size() + " accepted delivered at B, A's queue empty",
                    () -> ids(accepted).stream().allMatch(b.deliveries()::contains) && a.depth("radio") == 0,
                    LIMIT, () -> a + " / " + b);
            assertDeliveredOnceEach(b, accepted);
            assertTrue(ids(refused).stream().noneMatch(b.deliveries()::contains), "nothing refused went out");
            assertTrue(a.store().health().healthy());
            assertTrue(a.store().largestWal() <= WAL_BOUND, "largest WAL " + a.store().largestWal());
            System.out.printf("full disk: %d accepted, %d refused while full, %d delivered after space was freed%n",
                    accepted.size(), refused.size(), b.deliveries().size());
        }
    }
}
