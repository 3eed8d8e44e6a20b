package org.skywave.transport.ax25;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the AX.25 decoder (kiss-ax25.md section 7): any bytes in a KISS data
 * frame either decode to a UI frame within the codec's bounds, which encodes and decodes back to
 * itself, or raise {@link Ax25FormatException}; nothing else escapes. Without {@code JAZZER_FUZZ}
 * this runs the seeds in {@code Ax25CodecFuzzTestInputs}.
 */
class Ax25CodecFuzzTest {

    @FuzzTest
    void decodes(byte[] input) {
        Ax25Frame frame;
        try {
            frame = Ax25Codec.decode(input);
        } catch (Ax25FormatException expected) {
            return;
        }
        assertTrue(frame.digipeaters().size() <= Ax25Codec.MAX_DIGIPEATERS, frame.toString());
        assertTrue(frame.infoLength() <= Ax25Codec.MAX_INFO_BYTES, frame.toString());
        try {
            assertEquals(frame, Ax25Codec.decode(Ax25Codec.encode(frame)));
        } catch (Ax25FormatException e) {
            throw new AssertionError("a decoded frame does not decode again after encoding: " + frame, e);
        }
    }
}
