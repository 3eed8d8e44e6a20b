package org.skywave.bridge.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.node.bitcoin.BitcoinProtocolException;
import org.skywave.bridge.node.bitcoin.TransactionIds;
import org.skywave.bridge.station.LocalDelivery;
import org.tinylog.Logger;

/**
 * The demo with real nodes: station A is attached to node 1, station B to node 2. The first
 * {@code count} transactions node 1 announces cross the link; each counts as done once node 2
 * has it in its mempool.
 */
final class NodeTransactions implements LocalDelivery {

    /** How long node 2 gets to take a transaction into its mempool after B handed it over. */
    private static final Duration MEMPOOL_WAIT = Duration.ofSeconds(20);

    private final NodeAttachment nodeB;
    private final int count;
    private final Map<MessageId, byte[]> arrived = new ConcurrentHashMap<>();
    private final Map<MessageId, Boolean> inMempool = new ConcurrentHashMap<>();

    NodeTransactions(NodeAttachment nodeB, int count) {
        this.nodeB = nodeB;
        this.count = count;
    }

    /** At B: the transaction is queued for node 2, which its delivery hands it to; ask node 2 whether it took it. */
    @Override
    public void deliver(String linkName, Message message) {
        if (!(message instanceof TxMessage tx) || arrived.size() >= count || arrived.putIfAbsent(tx.id(), tx.rawTransaction()) != null) {
            return;
        }
        byte[] txid;
        try {
            txid = TransactionIds.of(tx.rawTransaction()).txid();
        } catch (BitcoinProtocolException e) {
            Logger.error("demo: B received a transaction that does not parse: {}", e.getMessage());
            return;
        }
        confirm(tx.id(), txid, System.nanoTime() + MEMPOOL_WAIT.toNanos());
    }

    private void confirm(MessageId id, byte[] txid, long deadline) {
        nodeB.adapter().mempoolContains(txid)
                .completeOnTimeout(false, 5, TimeUnit.SECONDS)
                .whenComplete((present, error) -> {
                    if (Boolean.TRUE.equals(present)) {
                        inMempool.put(id, Boolean.TRUE);
                    } else if (System.nanoTime() < deadline) {
                        // The node may still be validating it (or answering the submit): ask again shortly.
                        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> confirm(id, txid, deadline));
                    } else {
                        Logger.error("demo: transaction {} never appeared in node 2's mempool", id.shortHex());
                    }
                });
    }

    int arrived() {
        return arrived.size();
    }

    int confirmed() {
        return inMempool.size();
    }

    long confirmedPayloadBytes() {
        return inMempool.keySet().stream().mapToLong(id -> arrived.get(id).length).sum();
    }
}
