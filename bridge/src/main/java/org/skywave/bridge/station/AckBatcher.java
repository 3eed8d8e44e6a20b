package org.skywave.bridge.station;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** Per peer, in arrival order, each id once: a fast link gathers hundreds within the delay. */
    private final Map<LinkAddress, Set<MessageId>> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    AckBatcher(StationExecutor executor, Duration delay, BiConsumer<LinkAddress, List<MessageId>> sendAck) {
        this.executor = executor;
        this.delay = delay;
        this.sendAck = sendAck;
    }

    /** Queues an acknowledgement of {@code id} to {@code from}; runs on the station thread. */
    void add(LinkAddress from, MessageId id) {
        pending.computeIfAbsent(from, peer -> new LinkedHashSet<>()).add(id);
        if (!flushScheduled) {
            flushScheduled = true;
            executor.schedule(delay, this::flush);
        }
    }

    private void flush() {
        flushScheduled = false;
        for (Map.Entry<LinkAddress, Set<MessageId>> peer : pending.entrySet()) {
            List<MessageId> ids = List.copyOf(peer.getValue());
            for (int from = 0; from < ids.size(); from += MAX_IDS_PER_ACK) {
                sendAck.accept(peer.getKey(), ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_ACK)));
            }
        }
        pending.clear();
    }
}
