package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Js8ReassemblerTest {

    private static final long SECOND = 1_000_000_000L;

    private static List<Js8Chunk> split(int id, byte[] frame, int size) {
        int count = Math.max(1, (frame.length + size - 1) / size);
        List<Js8Chunk> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(Js8Chunk.data(id, i, count - 1, Arrays.copyOfRange(frame, i * size, Math.min(frame.length, (i + 1) * size))));
        }
        return out;
    }

    @Property(tries = 300)
    void deliversOnceWhateverTheOrderAndDuplicates(@ForAll @Size(min = 1, max = 600) byte[] frame,
            @ForAll @IntRange(min = 40, max = 64) int size, @ForAll long seed) {
        Random random = new Random(seed);
        List<Js8Chunk> chunks = new ArrayList<>(split(7, frame, size));
        List<Js8Chunk> arrivals = new ArrayList<>(chunks);
        for (Js8Chunk c : chunks) {
            if (random.nextBoolean()) {
                arrivals.add(c);
            }
        }
        Collections.shuffle(arrivals, random);
        Js8Reassembler r = new Js8Reassembler(60 * SECOND);
        List<byte[]> delivered = new ArrayList<>();
        long now = 0;
        for (Js8Chunk c : arrivals) {
            r.accept("K1ABC", c, now += SECOND).ifPresent(delivered::add);
        }
        assertEquals(1, delivered.size());
        assertArrayEquals(frame, delivered.get(0));
        assertEquals(arrivals.size() - chunks.size(), r.duplicates());
    }

    @Test
    void asksAgainOnlyForTheMissingChunksAndCompletesWithThem() {
        byte[] frame = new byte[250];
        new Random(3).nextBytes(frame);
        List<Js8Chunk> chunks = split(9, frame, 40); // 7 chunks
        Js8Reassembler r = new Js8Reassembler(60 * SECOND);
        long now = 0;
        for (Js8Chunk c : chunks) {
            if (c.index() != 2 && c.index() != 6) {
                assertTrue(r.accept("K1ABC", c, now += SECOND).isEmpty());
            }
        }
        assertTrue(r.due(now + 59 * SECOND).isEmpty(), "not before the gap timeout");
        List<Js8Reassembler.Repeat> due = r.due(now + 61 * SECOND);
        assertEquals(List.of(new Js8Reassembler.Repeat("K1ABC", 9, 1 << 2 | 1 << 6)), due);
        assertTrue(r.accept("K1ABC", chunks.get(6), now + 70 * SECOND).isEmpty());
        Optional<byte[]> done = r.accept("K1ABC", chunks.get(2), now + 71 * SECOND);
        assertArrayEquals(frame, done.orElseThrow());
        assertTrue(r.accept("K1ABC", chunks.get(2), now + 72 * SECOND).isEmpty(), "a late repeat is a duplicate");
    }

    @Test
    void givesUpAfterThreeRequests() {
        Js8Reassembler r = new Js8Reassembler(10 * SECOND);
        r.accept("K1ABC", Js8Chunk.data(1, 0, 1, new byte[] {1}), 0);
        long now = 0;
        for (int i = 0; i < Js8Reassembler.MAX_REPEAT_REQUESTS; i++) {
            assertEquals(1, r.due(now += 11 * SECOND).size());
        }
        assertTrue(r.due(now + 11 * SECOND).isEmpty());
        assertEquals(0, r.inProgress());
        assertEquals(1, r.dropped());
    }

    @Test
    void framesFromDifferentStationsWithTheSameIdDoNotMix() {
        Js8Reassembler r = new Js8Reassembler(60 * SECOND);
        r.accept("K1ABC", Js8Chunk.data(1, 0, 1, new byte[] {1}), 0);
        r.accept("K2XYZ", Js8Chunk.data(1, 1, 1, new byte[] {9}), 0);
        assertArrayEquals(new byte[] {1, 2}, r.accept("K1ABC", Js8Chunk.data(1, 1, 1, new byte[] {2}), 1).orElseThrow());
        assertEquals(1, r.inProgress());
    }
}
