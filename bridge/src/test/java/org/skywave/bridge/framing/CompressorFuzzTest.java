package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.skywave.transport.MalformedFrameException;

/**
 * Coverage-guided fuzzing of Deflate decompression ({@code docs/PROTOCOL.md} section 2.4): any
 * bytes inflate to at most the limit given, or raise {@link MalformedFrameException} (its subclass
 * FrameTooLongException for a bomb). Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code CompressorFuzzTestInputs}.
 */
class CompressorFuzzTest {

    private static final Compressor COMPRESSOR = Compressor.standard();

    @FuzzTest
    void decompresses(FuzzedDataProvider data) {
        int limit = data.consumeInt(0, 1 << 16);
        byte[] compressed = data.consumeRemainingAsBytes();
        try {
            byte[] out = COMPRESSOR.decompress(compressed, limit);
            assertTrue(out.length <= limit, out.length + " bytes out, limit " + limit);
        } catch (MalformedFrameException expected) {
            // corrupt, truncated, trailing bytes, or over the limit
        }
    }
}
