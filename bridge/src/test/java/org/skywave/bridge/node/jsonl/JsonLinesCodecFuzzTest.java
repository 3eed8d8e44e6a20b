package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of the JSON-lines decoder: any line either decodes to a message within
 * the codec's limits, which encodes and decodes back to the same message, or raises
 * {@link JsonLinesProtocolException}. Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code JsonLinesCodecFuzzTestInputs}.
 */
class JsonLinesCodecFuzzTest {

    private static final JsonLinesCodec CODEC = new JsonLinesCodec(JsonLinesCodec.MIN_MAX_LINE_BYTES);

    @FuzzTest
    void decodes(byte[] line) {
        JsonLinesMessage message;
        try {
            message = CODEC.decode(line);
        } catch (JsonLinesProtocolException expected) {
            return;
        }
        List<byte[]> values = message.values();
        assertTrue(values.size() <= JsonLinesCodec.MAX_VALUES_PER_MESSAGE, message.toString());
        byte[] encoded = CODEC.encode(message);
        try {
            // encode() appends the newline that the line splitter removes before decode().
            assertEquals(message, CODEC.decode(Arrays.copyOf(encoded, encoded.length - 1)));
        } catch (JsonLinesProtocolException e) {
            throw new AssertionError("a decoded line does not decode again after encoding: " + message, e);
        }
    }
}
