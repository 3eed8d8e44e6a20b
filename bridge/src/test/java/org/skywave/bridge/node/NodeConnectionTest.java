package org.skywave.bridge.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The redial delay; the dialling itself is exercised by each adapter's tests against its own test peer. */
class NodeConnectionTest {

    @Test
    void reconnectDelayDoublesUpToTheMaximum() {
        long[] delays = new long[6];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = NodeConnection.reconnectDelayMillis(i, 50, 400);
        }
        assertArrayEquals(new long[] {50, 100, 200, 400, 400, 400}, delays);
        assertEquals(60_000, NodeConnection.reconnectDelayMillis(Integer.MAX_VALUE, 1000, 60_000));
    }
}
