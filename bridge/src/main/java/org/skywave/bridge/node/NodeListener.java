package org.skywave.bridge.node;

import java.util.List;

/**
 * Receives what a node announces. Callbacks run on the adapter's I/O thread, one at a time and in
 * arrival order: they must hand the bytes on and return without blocking. Arrays are the
 * listener's own (never reused by the adapter).
 */
public interface NodeListener {

    /** A transaction the node announced and we fetched, in its full (witness) serialisation. */
    void onTransaction(byte[] rawTx);

    /** Block headers the node announced, 80 bytes each, oldest first. */
    void onHeaders(List<byte[]> rawHeaders);

    /** A full block, delivered only by adapters configured to fetch announced blocks. */
    void onBlock(byte[] rawBlock);

    /** The connection changed state; {@code detail} says why, for the log. */
    void onStateChanged(NodeState state, String detail);
}
