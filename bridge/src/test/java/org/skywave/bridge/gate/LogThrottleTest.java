package org.skywave.bridge.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogThrottle throttle = new LogThrottle(Duration.ofSeconds(10), now::get);

    @Test
    void oneLinePerKeyPerIntervalThenTheCountHeldBack() {
        assertEquals(0, throttle.permit("internet/10.0.0.1 frame MALFORMED"));
        for (int i = 0; i < 1_378; i++) {
            assertEquals(-1, throttle.permit("internet/10.0.0.1 frame MALFORMED"));
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(1_378, throttle.permit("internet/10.0.0.1 frame MALFORMED"), "the next line says how many were held back");
        assertEquals(-1, throttle.permit("internet/10.0.0.1 frame MALFORMED"));
        assertEquals(" (1378 more like it not logged)", LogThrottle.heldBack(1_378));
        assertEquals("", LogThrottle.heldBack(0));
    }

    @Test
    void peersAndReasonsAreThrottledApart() {
        assertEquals(0, throttle.permit("internet/10.0.0.1 frame MALFORMED"));
        assertEquals(0, throttle.permit("internet/10.0.0.2 frame MALFORMED"));
        assertEquals(0, throttle.permit("internet/10.0.0.1 message UNKNOWN_KIND"));
        assertEquals(-1, throttle.permit("internet/10.0.0.2 frame MALFORMED"));
    }

    @Test
    void remembersABoundedNumberOfKeys() {
        for (int i = 0; i <= LogThrottle.MAX_KEYS; i++) {
            assertEquals(0, throttle.permit("peer " + i));
        }
        assertEquals(0, throttle.permit("peer 0"), "the least recently used key was forgotten: its line goes through");
        assertEquals(-1, throttle.permit("peer " + LogThrottle.MAX_KEYS));
    }

    @Test
    void refusesANonPositiveInterval() {
        assertThrows(IllegalArgumentException.class, () -> new LogThrottle(Duration.ZERO, now::get));
    }
}
