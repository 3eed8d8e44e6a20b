package org.skywave.bridge.station;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.skywave.bridge.message.MessageId;
import org.skywave.transport.LinkAddress;

/**
 * Gathers the ids a link received and acknowledges them together, a short moment later, so that
 * a burst of fragments on a half-duplex channel is answered by one ACK transmission, not many.
 * Ids are kept per sender, so each peer's ACK goes to that peer.
 */
final class AckBatcher {

    /** One ACK message carries at most this many ids (34 bytes each in CBOR): a few AX.25 frames at most. */
    static final int MAX_IDS_PER_ACK = 16;

    private final StationExecutor executor;
    private final Duration delay;
    private final BiConsumer<LinkAddress, List<MessageId>> sendAck;
    private final Map<LinkAddress, List<MessageId>> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    AckBatcher(StationExecutor executor, Duration delay, BiConsumer<LinkAddress, List<MessageId>> sendAck) {
        this.executor = executor;
        this.delay = delay;
        this.sendAck = sendAck;
    }

    /** Queues an acknowledgement of {@code id} to {@code from}; runs on the station thread. */
    void add(LinkAddress from, MessageId id) {
        List<MessageId> ids = pending.computeIfAbsent(from, peer -> new ArrayList<>());
        if (!ids.contains(id)) {
            ids.add(id);
        }
        if (!flushScheduled) {
            flushScheduled = true;
            executor.schedule(delay, this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        for (Map.Entry<LinkAddress, List<MessageId>> peer : pending.entrySet()) {
            List<MessageId> ids = peer.getValue();
            while (!ids.isEmpty()) {
                int n = Math.min(MAX_IDS_PER_ACK, ids.size());
                List<MessageId> batch = List.copyOf(ids.subList(0, n));
                ids.subList(0, n).clear();
                sendAck.accept(peer.getKey(), batch);
            }
        }
        pending.clear();
    }
}
