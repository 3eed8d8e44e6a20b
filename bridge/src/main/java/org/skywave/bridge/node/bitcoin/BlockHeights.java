package org.skywave.bridge.node.bitcoin;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The height of a node's best chain, as its messages tell it: the {@code start_height} of its
 * {@code version} message, then one more for each new block header it announces.
 *
 * <p>Headers carry no height, and a node tells its peers neither the hash of the block at
 * {@code start_height} nor heights afterwards. So a header whose parent is one of the last
 * {@value #REMEMBERED_BLOCKS} headers placed gets its parent's height plus one (exact), and a
 * header whose parent is unknown is placed on top of the best height so far: right in the steady
 * state, where a node announces each block as it comes, one too high after a one-block
 * reorganisation and too low after several blocks announced at once. Each new connection starts
 * again from the node's own {@code start_height}, so such an error does not outlive it. The
 * height never goes down while a connection lasts, so a stale announcement cannot lower it.
 *
 * <p>Not thread-safe, except {@link #best()}: used on the adapter's event loop.
 */
final class BlockHeights {

    /** Headers remembered with their height: more than a reorganisation is deep in practice, 80 bytes of key each. */
    static final int REMEMBERED_BLOCKS = 64;
    /** {@link #best} while no version message has been heard. */
    private static final long UNKNOWN = -1;

    private final Map<String, Long> heights = new LinkedHashMap<>(REMEMBERED_BLOCKS * 2, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED_BLOCKS;
        }
    };
    private volatile long best = UNKNOWN;

    /** A new connection: the node says its best chain is {@code startHeight} blocks high. */
    void connected(int startHeight) {
        heights.clear();
        // A negative start_height is nonsense (Core never sends one); it tells nothing.
        best = startHeight < 0 ? UNKNOWN : startHeight;
    }

    /** Headers the node announced or sent, oldest first, 80 bytes each. */
    void headers(List<byte[]> headers) {
        if (best == UNKNOWN) {
            return; // before the version message nothing anchors the count
        }
        for (byte[] header : headers) {
            if (header.length != BitcoinHashes.BLOCK_HEADER_LENGTH) {
                continue;
            }
            String hash = HexFormat.of().formatHex(BitcoinHashes.blockHash(header));
            if (heights.containsKey(hash)) {
                continue; // announced again (by inv, then headers): not a new block
            }
            Long parent = heights.get(HexFormat.of().formatHex(header, 4, 36));
            long height = parent != null ? parent + 1 : best + 1;
            heights.put(hash, height);
            if (height > best) {
                best = height;
            }
        }
    }

    /** The best height so far, or empty before the first version message. Any thread. */
    OptionalLong best() {
        long current = best;
        return current == UNKNOWN ? OptionalLong.empty() : OptionalLong.of(current);
    }
}
