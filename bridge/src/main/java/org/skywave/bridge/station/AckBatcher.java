package org.skywave.bridge.station;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.skywave.bridge.message.MessageId;

/**
 * Gathers the ids a link received and acknowledges them together, a short moment later, so that
 * a burst of fragments on a half-duplex channel is answered by one ACK transmission, not many.
 */
final class AckBatcher {

    /** One ACK message carries at most this many ids (34 bytes each in CBOR): a few AX.25 frames at most. */
    static final int MAX_IDS_PER_ACK = 16;

    private final StationExecutor executor;
    private final Duration delay;
    private final Consumer<List<MessageId>> sendAck;
    /** In arrival order, each id once: a fast link gathers hundreds within the delay. */
    private final Set<MessageId> pending = new LinkedHashSet<>();
    private boolean flushScheduled;

    AckBatcher(StationExecutor executor, Duration delay, Consumer<List<MessageId>> sendAck) {
        this.executor = executor;
        this.delay = delay;
        this.sendAck = sendAck;
    }

    /** Queues an acknowledgement of {@code id}; runs on the station thread. */
    void add(MessageId id) {
        pending.add(id);
        if (!flushScheduled) {
            flushScheduled = true;
            executor.schedule(delay, this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        List<MessageId> all = List.copyOf(pending);
        pending.clear();
        for (int from = 0; from < all.size(); from += MAX_IDS_PER_ACK) {
            sendAck.accept(all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_ACK)));
        }
    }
}
