package org.skywave.bridge.node;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * One connection to one blockchain node, as the gate sees it: announcements come out through a
 * {@link NodeListener}, transactions received over radio go in through {@link #submitTransaction}.
 * The adapter keeps the connection up by itself (reconnecting with back-off) until {@link #close}.
 */
public interface NodeAdapter extends AutoCloseable {

    /** Starts connecting in the background; state changes go to the listener. Call once. */
    void start();

    /** The current state of the connection. */
    NodeState state();

    /**
     * Offers a raw transaction to the node. The future completes when the node has requested the
     * transaction and it has been written to the node (for the Bitcoin protocol: inv, getdata, tx),
     * and fails with {@link NodeException} if the node does not request it within the adapter's
     * submit timeout (it may already have it, or have rejected it earlier) or the adapter closes.
     * Submissions made while the connection is down are announced once it is up again.
     */
    CompletableFuture<Void> submitTransaction(byte[] rawTx);

    /**
     * Asks the node whether a transaction is in its mempool, by id in the byte order of the
     * protocol (for Bitcoin: internal order, i.e. the reverse of the hex shown by RPC). Completes
     * with true or false, or fails with {@link NodeException} if the node cannot answer (down, or
     * no reply in time).
     */
    CompletableFuture<Boolean> mempoolContains(byte[] txId);

    /**
     * Whether the node holds {@code rawTx} already, asked after a submission failed: a node that
     * has a transaction does not request it again, so its submission times out although the
     * transaction arrived. Completes with false where the protocol cannot tell (the default).
     */
    default CompletableFuture<Boolean> alreadyHas(byte[] rawTx) {
        return CompletableFuture.completedFuture(false);
    }

    /**
     * The height of the node's best chain as far as the adapter can tell from what the node sent,
     * or empty while it cannot tell (never connected, or the node has not said). Once known it
     * stays known across reconnects, as the node's chain does not vanish with the connection.
     * Cheap, and safe to call from any thread.
     */
    OptionalLong bestHeight();

    /** Closes the connection and stops reconnecting; pending futures fail. Idempotent. */
    @Override
    void close();
}
