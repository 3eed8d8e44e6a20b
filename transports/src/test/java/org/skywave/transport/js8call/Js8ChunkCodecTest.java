package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Js8ChunkCodecTest {

    @Property(tries = 1000)
    void dataChunkSurvivesTheTripThroughJs8Text(@ForAll @IntRange(max = 63) int id, @ForAll @IntRange(max = 15) int last,
            @ForAll @IntRange(max = 15) int index, @ForAll @Size(max = 64) byte[] payload) throws Exception {
        Js8Chunk chunk = Js8Chunk.data(id, Math.min(index, last), last, payload);
        assertEquals(chunk, Js8ChunkCodec.fromText(Js8ChunkCodec.toText(chunk)));
    }

    @Property(tries = 300)
    void repeatChunkSurvivesTheTrip(@ForAll @IntRange(max = 63) int id, @ForAll @IntRange(max = 0xffff) int missing)
            throws Exception {
        Js8Chunk chunk = Js8Chunk.repeat(id, missing);
        assertEquals(chunk, Js8ChunkCodec.fromText(Js8ChunkCodec.toText(chunk)));
    }

    @Test
    void readsTheChunkOutOfWhatJs8CallShows() throws Exception {
        Js8Chunk chunk = Js8Chunk.data(5, 1, 2, new byte[] {1, 2, 3, 4, 5});
        String text = Js8ChunkCodec.toText(chunk);
        // RX.DIRECTED TEXT as recorded in test-peers.md section 2, spacing and case changed.
        String shown = "N0CALL: N1CALL  " + text.substring(0, 4) + " " + text.substring(4).toLowerCase() + " \u2662 ";
        assertEquals(chunk, Js8ChunkCodec.fromText(shown));
    }

    @Test
    void aChangedCharacterFailsTheCheck() {
        String text = Js8ChunkCodec.toText(Js8Chunk.data(5, 0, 0, "a transaction".getBytes()));
        char[] chars = text.toCharArray();
        chars[6] = chars[6] == 'E' ? 'T' : 'E';
        Js8FormatException e = assertThrows(Js8FormatException.class, () -> Js8ChunkCodec.fromText(new String(chars)));
        assertTrue(e.getMessage().contains("check") || e.getMessage().contains("index"), e.getMessage());
    }

    @Test
    void textWithoutMarkerIsRefused() {
        Js8FormatException e = assertThrows(Js8FormatException.class, () -> Js8ChunkCodec.fromText("N0CALL: N1CALL  HELLO"));
        assertTrue(e.getMessage().contains("no Skywave chunk"), e.getMessage());
    }

    @Test
    void unknownKindIsRefused() {
        byte[] bytes = Js8ChunkCodec.toBytes(Js8Chunk.repeat(1, 3));
        bytes[0] = (byte) (0x80 | 1);
        // Recompute nothing: the check fails first, which is also a refusal; with a valid check the kind is named.
        assertThrows(Js8FormatException.class, () -> Js8ChunkCodec.fromBytes(bytes));
    }
}
