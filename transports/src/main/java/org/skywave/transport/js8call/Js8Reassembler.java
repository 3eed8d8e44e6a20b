package org.skywave.transport.js8call;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Puts frames back together from {@link Js8Chunk}s that arrive in any order, twice, or not at
 * all (docs/PROTOCOL.md section 4.4). A frame is delivered once, when its last missing chunk
 * arrives; a frame that stops growing with chunks missing gets a repeat request naming only
 * those, up to {@link #MAX_REPEAT_REQUESTS} times, and is dropped after that.
 *
 * <p>Bounded: at most {@link #MAX_PARTIAL_FRAMES} frames in progress (the oldest is dropped) and
 * a memory of {@link #MAX_COMPLETED} recently completed ones to drop repeats. Not thread-safe:
 * the link's thread owns it. Times are {@link System#nanoTime()} values passed in.
 */
final class Js8Reassembler {

    static final int MAX_PARTIAL_FRAMES = 32;
    static final int MAX_COMPLETED = 256;
    static final int MAX_REPEAT_REQUESTS = 3;

    /** A repeat request due: ask {@code from} for the chunks in {@code missing} of frame {@code messageId}. */
    record Repeat(String from, int messageId, int missing) {
    }

    private record Key(String from, int messageId) {
    }

    private static final class Partial {
        final byte[][] chunks;
        int present;
        long lastHeardNanos;
        int requests;

        Partial(int count, long now) {
            chunks = new byte[count][];
            lastHeardNanos = now;
        }

        int missingMask() {
            int mask = 0;
            for (int i = 0; i < chunks.length; i++) {
                if (chunks[i] == null) {
                    mask |= 1 << i;
                }
            }
            return mask;
        }
    }

    private final long repeatAfterNanos;
    private final Map<Key, Partial> partial = new LinkedHashMap<>();
    private final Map<Key, Long> completed = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > MAX_COMPLETED;
        }
    };
    private long duplicates;
    private long dropped;

    /** @param repeatAfterNanos how long a frame may go without a new chunk before its missing ones are requested */
    Js8Reassembler(long repeatAfterNanos) {
        this.repeatAfterNanos = repeatAfterNanos;
    }

    /** Takes one DATA chunk from {@code from}; returns the whole frame if this chunk completed it. */
    Optional<byte[]> accept(String from, Js8Chunk chunk, long now) {
        Key key = new Key(from, chunk.messageId());
        Long doneAt = completed.get(key);
        if (doneAt != null) {
            if (now - doneAt < forgetAfterNanos()) {
                duplicates++;
                return Optional.empty();
            }
            completed.remove(key); // message id reused by the sender after a long while: a new frame
        }
        Partial p = partial.get(key);
        if (p != null && p.chunks.length != chunk.lastIndex() + 1) {
            partial.remove(key); // the id was reused for a frame of another size: start over
            dropped++;
            p = null;
        }
        if (p == null) {
            if (partial.size() >= MAX_PARTIAL_FRAMES) {
                Iterator<Key> oldest = partial.keySet().iterator();
                oldest.next();
                oldest.remove();
                dropped++;
            }
            p = new Partial(chunk.lastIndex() + 1, now);
            partial.put(key, p);
        }
        p.lastHeardNanos = now;
        if (p.chunks[chunk.index()] != null) {
            duplicates++;
            return Optional.empty();
        }
        p.chunks[chunk.index()] = chunk.payloadUnsafe();
        p.present++;
        if (p.present < p.chunks.length) {
            return Optional.empty();
        }
        partial.remove(key);
        completed.put(key, now);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : p.chunks) {
            out.writeBytes(c);
        }
        return Optional.of(out.toByteArray());
    }

    /** Repeat requests due at {@code now}; frames out of requests are dropped. */
    List<Repeat> due(long now) {
        List<Repeat> out = new ArrayList<>();
        Iterator<Map.Entry<Key, Partial>> it = partial.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Key, Partial> e = it.next();
            Partial p = e.getValue();
            if (now - p.lastHeardNanos < repeatAfterNanos) {
                continue;
            }
            if (p.requests >= MAX_REPEAT_REQUESTS) {
                it.remove();
                dropped++;
                continue;
            }
            p.requests++;
            p.lastHeardNanos = now;
            out.add(new Repeat(e.getKey().from(), e.getKey().messageId(), p.missingMask()));
        }
        return out;
    }

    /** A completed frame's id is remembered this long: far more than a repeat cycle, far less than 64 frames' airtime. */
    private long forgetAfterNanos() {
        return repeatAfterNanos * (MAX_REPEAT_REQUESTS + 2);
    }

    long duplicates() {
        return duplicates;
    }

    /** Frames given up: never completed after every repeat request, or pushed out by newer ones. */
    long dropped() {
        return dropped;
    }

    int inProgress() {
        return partial.size();
    }
}
