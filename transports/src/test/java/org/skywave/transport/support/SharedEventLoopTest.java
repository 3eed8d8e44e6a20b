package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skywave.transport.TransportException;

class SharedEventLoopTest {

    private final SharedEventLoop loop = new SharedEventLoop("VARA", 1, "test-loop", Duration.ofSeconds(1));

    @Test
    void makesOneGroupOnFirstUseAndHandsItToEveryCaller() throws TransportException {
        EventLoopGroup first = loop.get();
        assertSame(first, loop.get());
        loop.shutdown();
        assertTrue(first.isTerminated(), "shutdown waits until the loops have stopped");
    }

    @Test
    void refusesAfterShutdownNamingTheTransport() {
        assertTrue(loop.shutdown());
        TransportException e = assertThrows(TransportException.class, loop::get);
        assertEquals("VARA transport is shut down", e.getMessage());
    }

    @Test
    void runsBeforeStopWhileTheLoopsStillRunThenStopsThemOnce() throws TransportException {
        EventLoopGroup group = loop.get();
        List<String> seen = new ArrayList<>();
        assertTrue(loop.shutdown(() -> {
            seen.add("running=" + !group.isShuttingDown());
            assertThrows(TransportException.class, loop::get, "refused before the links close");
        }));
        assertEquals(List.of("running=true"), seen);
        assertTrue(group.isTerminated());
        assertFalse(loop.shutdown(() -> seen.add("again")), "a second shutdown does nothing");
        assertEquals(List.of("running=true"), seen);
    }

    @Test
    void shutdownBeforeAnyUseStartsNoThread() {
        assertTrue(loop.shutdown());
        assertThrows(TransportException.class, loop::get);
    }

    @Test
    void rejectsNoThreads() {
        assertThrows(IllegalArgumentException.class, () -> new SharedEventLoop("TCP", 0, "x", Duration.ZERO));
    }
}
