package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of what JS8Call hands over: its API's JSON lines, and the text of a
 * received chunk through the chunk and text codecs. Each input decodes or raises
 * {@link Js8FormatException}; a chunk never carries more than
 * {@link Js8ChunkCodec#MAX_PAYLOAD_BYTES}. Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code Js8FuzzTestInputs}.
 */
class Js8FuzzTest {

    @FuzzTest
    void apiLine(byte[] input) {
        try {
            Js8ApiMessage.parse(new String(input, StandardCharsets.UTF_8));
        } catch (Js8FormatException refused) {
            // not a JS8Call API message
        }
    }

    @FuzzTest
    void chunkText(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            Js8Chunk chunk = Js8ChunkCodec.fromText(text);
            assertTrue(Js8ChunkCodec.toBytes(chunk).length <= Js8ChunkCodec.MAX_PAYLOAD_BYTES + Js8ChunkCodec.DATA_OVERHEAD_BYTES,
                    chunk.toString());
        } catch (Js8FormatException refused) {
            // not a Skywave chunk
        }
        try {
            Js8TextCodec.decode(text);
        } catch (Js8FormatException refused) {
            // outside the alphabet
        }
    }
}
