package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkProfiles;

class TokenBucketTest {

    private final AtomicLong clock = new AtomicLong(5_000_000_000L);

    @Test
    void fullBucketLetsTheBurstGoThenPacesAtTheBitrate() {
        // 1200 bit/s at 100%: 150 bytes/s, one byte every 6.666... ms.
        TokenBucket bucket = new TokenBucket(1200, 1.0, 300, clock::get);
        assertEquals(300, bucket.availableBytes());
        assertTrue(bucket.tryTake(300));
        assertFalse(bucket.tryTake(1));
        assertEquals(6_666_667, bucket.delayNanosFor(1));
        assertEquals(1_000_000_000, bucket.delayNanosFor(150));
        clock.addAndGet(1_000_000_000);
        assertTrue(bucket.tryTake(150));
        assertFalse(bucket.tryTake(1));
    }

    @Test
    void dutyCycleStretchesTheTime() {
        // 10% of 1200 bit/s: 15 bytes/s, so 150 bytes take 10 s.
        TokenBucket bucket = new TokenBucket(1200, 0.1, 150, clock::get);
        assertTrue(bucket.tryTake(150));
        assertEquals(10_000_000_000L, bucket.delayNanosFor(150));
    }

    @Test
    void waitingTheAnnouncedDelayAlwaysSuffices() {
        Random random = new Random(8);
        TokenBucket bucket = new TokenBucket(72.0 / 15.0, 0.5, 73, clock::get);
        long sent = 0;
        long start = clock.get();
        for (int i = 0; i < 1000; i++) {
            int bytes = 1 + random.nextInt(73);
            long delay = bucket.delayNanosFor(bytes);
            if (delay > 0) {
                assertFalse(bucket.tryTake(bytes));
                clock.addAndGet(delay);
            }
            assertTrue(bucket.tryTake(bytes), "after waiting " + delay + " ns for " + bytes + " bytes");
            sent += bytes;
        }
        // Never faster than the rate allows, burst included: 2.4 bit/s = 0.3 bytes/s.
        double seconds = (clock.get() - start) / 1e9;
        assertTrue(sent <= 73 + seconds * 0.3 + 1e-6, sent + " bytes in " + seconds + " s");
    }

    @Test
    void idleTimeRefillsNoMoreThanTheBurst() {
        TokenBucket bucket = new TokenBucket(9600, 1.0, 100, clock::get);
        clock.addAndGet(3_600_000_000_000L);
        assertEquals(100, bucket.availableBytes());
        assertTrue(bucket.tryTake(100));
        assertFalse(bucket.tryTake(1));
    }

    @Test
    void requestLargerThanTheBurstIsACallerBug() {
        TokenBucket bucket = new TokenBucket(1200, 1.0, 100, clock::get);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bucket.tryTake(101));
        assertTrue(e.getMessage().contains("bytes not in 0..100"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1200, 0, 100, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1200, 1.5, 100, clock::get));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1.0, 100, clock::get));
    }

    @Test
    void forLinkAllowsOneFullFrameOnAir() {
        TokenBucket bucket = TokenBucket.forLink(LinkProfiles.AX25_1200, 1.0, clock::get);
        assertEquals(LinkProfiles.AX25_1200.onAirBytes(LinkProfiles.AX25_1200.mtu()), bucket.burstBytes());
    }
}
