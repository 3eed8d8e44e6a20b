package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.admin.AdminSamples;
import org.skywave.bridge.admin.AdminServer;
import org.skywave.bridge.admin.FakeAdminBackend;
import org.skywave.bridge.admin.NodeStatus;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
import picocli.CommandLine;

class StatusCommandTest {

    private final FakeAdminBackend backend = new FakeAdminBackend();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private AdminServer server;

    @BeforeEach
    void start() throws IOException {
        backend.links = List.of(
                AdminSamples.link("radio", LinkState.UP, LinkProfiles.AX25_1200, 3, Duration.ofSeconds(42), 10, 2, 5,
                        AdminSamples.PEER),
                AdminSamples.link("internet", LinkState.DOWN, LinkProfiles.TCP, -1, Duration.ofMinutes(90), 12345, 0, 20_000));
        server = AdminServer.start("127.0.0.1", 0, (Path) null, backend);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StatusCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void printsStoreATableOfLinksAndTheStationsHeardOnThem() {
        assertEquals(0, run("--admin", server.uri().toString()));
        assertEquals("""
                Station A
                Store   healthy

                LINK      STATE  PROFILE    QUEUED  OLDEST   SENT  RETRIES  ON AIR  GOODPUT  ERRORS  BANS
                radio     UP     ax25-1200       3     42s     10        2   600 B      83%       1     0
                internet  DOWN   tcp             ?      1h  12345        0  2.4 MB      83%       1     0

                LINK      PEER      STATION              PROTOCOL  HEIGHT  HEARD
                radio     N0CALL-2  1a2b:3c4d:5e6f:7a8b         1  840000  2025-06-01T12:00:00.123Z
                internet  -         -                           -       -  never
                """, out.toString().replace(System.lineSeparator(), "\n"));
        assertEquals("", err.toString());
    }

    @Test
    void printsQueuesNodesAndTheNewestEventsFirst() {
        backend.links = List.of();
        backend.queues = List.of(
                new QueueStats("node:btc", 2, 450, Duration.ofSeconds(75), 0, 0, 0, 0, 0),
                new QueueStats("radio", 7, 1200, Duration.ofMinutes(3), 4, 1, 2, 3, 0));
        backend.nodes = List.of(new NodeStatus("btc", "BITCOIN_REGTEST", "UP", 812, 2),
                new NodeStatus("bkc", "BUNKERCOIN", "CONNECTING", -1, -1));
        List<RecentEvents.Event> events = new ArrayList<>();
        for (int i = 0; i < StatusCommand.EVENTS_SHOWN + 2; i++) {
            events.add(new RecentEvents.Event(Instant.parse("2025-06-01T12:00:00Z").plusSeconds(i), "link radio", "event " + i));
        }
        backend.events = events;
        assertEquals(0, run("--admin", server.uri().toString()));
        String text = out.toString().replace(System.lineSeparator(), "\n");
        assertTrue(text.contains("""
                QUEUE     DEPTH  OLDEST  RETRIES  EVICTIONS  EXPIRIES  REJECTED  QUARANTINED
                node:btc      2      1m        0          0         0         0            0
                radio         7      3m        4          1         2         3            0

                NODE  NETWORK          STATE       HEIGHT  QUEUED
                btc   BITCOIN_REGTEST  UP             812       2
                bkc   BUNKERCOIN       CONNECTING       ?       ?

                Recent events (newest first):
                  2025-06-01T12:00:11Z  link radio: event 11
                  2025-06-01T12:00:10Z  link radio: event 10
                """), text);
        assertTrue(text.endsWith("  2025-06-01T12:00:02Z  link radio: event 2\n"), text);
        assertFalse(text.contains("event 1\n"), text);
    }

    @Test
    void aLinkNamingFarStationsListsTheDepthOfEachStationsQueue() {
        backend.links = List.of(AdminSamples.link("hf", LinkState.UP, LinkProfiles.AX25_1200, 2, Duration.ofSeconds(5), 0, 0, 0,
                null).withQueues(java.util.Map.of("hf/K2XYZ", 2L, "hf/K3DEF-1", 0L)));
        assertEquals(0, run("--admin", server.uri().toString()));
        assertTrue(out.toString().replace(System.lineSeparator(), "\n").endsWith("""

                QUEUE       QUEUED
                hf/K2XYZ         2
                hf/K3DEF-1       0
                """), out::toString);
    }

    @Test
    void anUnhealthyStoreIsShownWithItsReason() {
        backend.health = new StoreHealth(StoreHealth.Status.WRITES_FAILING, "disk full", Instant.parse("2025-03-01T12:00:00Z"));
        backend.links = List.of();
        assertEquals(0, run("--admin", server.uri().toString()));
        assertEquals("Station A\nStore   WRITES_FAILING since 2025-03-01T12:00:00Z: disk full\nNo links.\n",
                out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void daemonNotRunningIsAClearErrorAndExitOne() {
        String url = server.uri().toString();
        server.close();
        assertEquals(1, run("--admin", url));
        assertEquals("cannot reach the admin API at " + url + ": connection refused. Is skywave running?"
                + System.lineSeparator(), err.toString());
    }
}
