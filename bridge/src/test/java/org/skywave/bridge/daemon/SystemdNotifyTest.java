package org.skywave.bridge.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify(3) notices received on a real AF_UNIX datagram socket, as systemd receives them. */
class SystemdNotifyTest {

    private static final long PID = 4242;

    @TempDir
    Path dir;

    @Test
    void sendsEachNoticeAsOneDatagramToASocketPath() throws IOException {
        try (NotifySocket systemd = NotifySocket.bind(dir.resolve("notify"));
             SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString()), PID)) {
            assertTrue(notify.enabled());
            notify.ready("relaying on 2 link(s)\nand more");
            notify.watchdog();
            notify.reloading("reading the config");
            notify.stopping();
            assertEquals("READY=1\nSTATUS=relaying on 2 link(s) and more", systemd.receive(Duration.ofSeconds(5)));
            assertEquals("WATCHDOG=1", systemd.receive(Duration.ofSeconds(5)));
            assertEquals("RELOADING=1\nSTATUS=reading the config", systemd.receive(Duration.ofSeconds(5)));
            assertEquals("STOPPING=1\nSTATUS=stopping", systemd.receive(Duration.ofSeconds(5)));
        }
    }

    @Test
    void reachesAnAbstractSocketWrittenWithAnAt() throws IOException {
        String name = "skywave-notify-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (NotifySocket systemd = NotifySocket.bindAbstract(name);
             SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name), PID)) {
            notify.ready("up");
            assertEquals("READY=1\nSTATUS=up", systemd.receive(Duration.ofSeconds(5)));
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndNothingFails() throws IOException {
        try (SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of(), PID)) {
            assertFalse(notify.enabled());
            notify.ready("up");
            notify.watchdog();
            assertEquals(Optional.empty(), notify.watchdogInterval());
        }
    }

    @Test
    void aVanishedSocketIsLoggedNotThrown() throws IOException {
        Path gone = dir.resolve("gone");
        try (SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", gone.toString()), PID)) {
            notify.ready("up");
            notify.watchdog();
        }
    }

    @Test
    void refusesANotifySocketThatIsNoAddress() {
        IOException e = assertThrows(IOException.class,
                () -> SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", "relative/path"), PID));
        assertEquals("NOTIFY_SOCKET is neither a path nor an abstract name (@...): relative/path", e.getMessage());
    }

    @Test
    void watchdogIntervalIsHalfOfWatchdogUsecForThisProcessOnly() {
        assertEquals(Duration.ofSeconds(10), SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "20000000"), PID));
        assertEquals(Duration.ofSeconds(10),
                SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "4242"), PID));
        assertNull(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "1"), PID));
        assertNull(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), PID));
        assertNull(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), PID));
        assertNull(SystemdNotify.watchdogInterval(Map.of(), PID));
    }
}
