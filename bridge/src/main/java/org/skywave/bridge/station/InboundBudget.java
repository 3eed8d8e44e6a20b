package org.skywave.bridge.station;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.skywave.bridge.framing.FrameHeader;

/**
 * Bounds the memory and CPU one peer (an IP address, a callsign: {@link Inbound#peerOf}) can take
 * from the station, so that honest traffic and the admin API keep flowing while strangers flood it:
 *
 * <ul>
 *   <li>Frames waiting for the station thread: at most {@link #MAX_WAITING_BYTES_PER_PEER} from
 *       one peer and {@link #MAX_WAITING_BYTES} in all. A frame past either is dropped as it
 *       arrives, on the link's own thread, before it costs the station memory or time.</li>
 *   <li>Decompression: a peer's compressed messages may inflate to {@link #INFLATE_BYTES_PER_SECOND}
 *       a second on average, with a burst of {@link #INFLATE_BURST_BYTES}. While a peer is over
 *       that budget its compressed frames are dropped without being inflated; a frame that failed
 *       to inflate (a Deflate bomb) is charged the message limit, since that is the work it cost.</li>
 * </ul>
 *
 * A dropped frame is lost as on a noisy channel: its sender's retry brings it again later.
 * {@link #admit} runs on link threads, the rest on the station thread.
 */
final class InboundBudget {

    /** Two largest messages of a 64 KiB-MTU TCP link's fragments, far more than an honest peer has waiting. */
    static final long MAX_WAITING_BYTES_PER_PEER = 1024 * 1024;
    /** A quarter of the appliance's 64 MiB heap for frames the station has not read yet. */
    static final long MAX_WAITING_BYTES = 16L * 1024 * 1024;
    /** Inflated bytes per peer per second: hundreds of transactions or a large block every few seconds. */
    static final long INFLATE_BYTES_PER_SECOND = 1024 * 1024;
    /** Two messages of the largest size at once. */
    static final long INFLATE_BURST_BYTES = 2L * FrameHeader.MAX_MESSAGE_BYTES;
    /** Peers whose inflate budget is remembered; one more forgets those with a full budget first. */
    static final int MAX_PEERS = 4_096;

    private final LongSupplier nanoTime;
    private final Map<String, Long> waiting = new HashMap<>(); // guarded by this
    private long waitingTotal; // guarded by this
    private final Map<String, Bucket> inflate = new LinkedHashMap<>(); // station thread only
    private final AtomicLong droppedWaiting = new AtomicLong();
    private final AtomicLong droppedInflate = new AtomicLong();

    /** A peer's decompression budget: bytes it may still inflate (negative: in debt), as of {@code at}. */
    private static final class Bucket {
        double tokens = INFLATE_BURST_BYTES;
        long at;

        Bucket(long now) {
            at = now;
        }

        double tokensAt(long now) {
            return Math.min(INFLATE_BURST_BYTES, tokens + (now - at) / 1e9 * INFLATE_BYTES_PER_SECOND);
        }
    }

    InboundBudget(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Takes room for a frame of {@code bytes} from {@code peer}; false (and counted) if it must be dropped. */
    synchronized boolean admit(String peer, int bytes) {
        long peerWaiting = waiting.getOrDefault(peer, 0L);
        if (peerWaiting + bytes > MAX_WAITING_BYTES_PER_PEER || waitingTotal + bytes > MAX_WAITING_BYTES) {
            droppedWaiting.incrementAndGet();
            return false;
        }
        waiting.put(peer, peerWaiting + bytes);
        waitingTotal += bytes;
        return true;
    }

    /** The station is done with a frame {@link #admit} let in. */
    synchronized void done(String peer, int bytes) {
        long left = waiting.getOrDefault(peer, 0L) - bytes;
        if (left <= 0) {
            waiting.remove(peer);
        } else {
            waiting.put(peer, left);
        }
        waitingTotal = Math.max(0, waitingTotal - bytes);
    }

    /** Whether a compressed frame from {@code peer} may be inflated now; counts it as dropped if not. */
    boolean mayInflate(String peer) {
        if (bucket(peer).tokens > 0) {
            return true;
        }
        droppedInflate.incrementAndGet();
        return false;
    }

    /** Charges {@code peer} for {@code bytes} of inflated output. */
    void inflated(String peer, long bytes) {
        bucket(peer).tokens -= bytes;
    }

    /** Frames dropped because too much from their peer, or in all, was waiting for the station. */
    long droppedWaiting() {
        return droppedWaiting.get();
    }

    /** Compressed frames dropped uninflated because their peer was over its decompression budget. */
    long droppedInflate() {
        return droppedInflate.get();
    }

    static boolean compressed(byte[] frame) {
        return frame.length > 0 && (frame[0] & FrameHeader.FLAG_COMPRESSED) != 0;
    }

    private Bucket bucket(String peer) {
        long now = nanoTime.getAsLong();
        Bucket bucket = inflate.get(peer);
        if (bucket == null) {
            if (inflate.size() >= MAX_PEERS) {
                forgetFullBuckets(now);
            }
            bucket = new Bucket(now);
            inflate.put(peer, bucket);
            return bucket;
        }
        bucket.tokens = bucket.tokensAt(now);
        bucket.at = now;
        return bucket;
    }

    /** A full budget is what a new peer gets: forgetting one loses nothing. If none is full, the oldest goes. */
    private void forgetFullBuckets(long now) {
        inflate.values().removeIf(b -> b.tokensAt(now) >= INFLATE_BURST_BYTES);
        if (inflate.size() >= MAX_PEERS) {
            inflate.remove(inflate.keySet().iterator().next());
        }
    }
}
