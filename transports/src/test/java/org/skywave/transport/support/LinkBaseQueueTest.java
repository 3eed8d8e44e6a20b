package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;

/** The bound every radio link puts on frames waiting for its modem or TNC. */
class LinkBaseQueueTest {

    private static final class QueueLink extends LinkBase {
        QueueLink() throws Exception {
            super(LinkUri.parse("vara-hf://127.0.0.1:8300?callsign=N0CALL"),
                    new LinkProfile("test", 256, 1200, LinkProfile.Duplex.HALF, 0, Duration.ZERO),
                    frame -> { }, true, Runnable::run);
        }

        boolean offer(int queued, CompletableFuture<Void> future) {
            return refuseWhenQueueFull(queued, 3, "modem", future);
        }

        @Override
        public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> broadcast(byte[] frame) {
            throw new UnsupportedOperationException();
        }

        @Override
        public LinkAddress peerAddress(String text) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void takesFramesBelowTheLimitWithoutCountingThem() throws Exception {
        QueueLink link = new QueueLink();
        CompletableFuture<Void> future = new CompletableFuture<>();
        assertFalse(link.offer(2, future));
        assertFalse(future.isDone());
        assertEquals(0, link.stats().droppedFrames());
    }

    @Test
    void refusesAtTheLimitCountsTheDropAndSaysWhy() throws Exception {
        QueueLink link = new QueueLink();
        CompletableFuture<Void> future = new CompletableFuture<>();
        assertTrue(link.offer(3, future));
        assertEquals(1, link.stats().droppedFrames());
        ExecutionException e = assertThrows(ExecutionException.class, future::get);
        assertInstanceOf(TransportException.class, e.getCause());
        assertEquals("link vara-hf://127.0.0.1:8300?callsign=N0CALL: 3 frames already wait for the modem;"
                + " wait for writability before sending more", e.getCause().getMessage());
    }
}
