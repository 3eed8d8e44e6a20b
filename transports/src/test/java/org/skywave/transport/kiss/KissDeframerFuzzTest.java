package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.skywave.transport.MalformedFrameException;

/**
 * Coverage-guided fuzzing of the KISS deframer (kiss-ax25.md section 1). Whatever bytes a TNC or a
 * serial line delivers, in whatever chunks, the deframer never throws: each dropped frame is one
 * {@link MalformedFrameException} handed to its handler, and no frame it delivers is longer than
 * its limit. Without {@code JAZZER_FUZZ} this runs the seeds in {@code KissDeframerFuzzTestInputs}.
 */
class KissDeframerFuzzTest {

    /** Small enough that the fuzzer reaches the over-long path quickly. */
    private static final int MAX_FRAME_BYTES = 64;

    @FuzzTest
    void deframes(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 32);
        byte[] stream = data.consumeRemainingAsBytes();
        List<KissFrame> frames = new ArrayList<>();
        List<MalformedFrameException> errors = new ArrayList<>();
        KissDeframer deframer = new KissDeframer(MAX_FRAME_BYTES, "fuzz", new KissDeframer.Handler() {
            @Override
            public void onFrame(KissFrame frame) {
                frames.add(frame);
            }

            @Override
            public void onError(MalformedFrameException error) {
                errors.add(error);
            }
        });
        for (int offset = 0; offset < stream.length; offset += chunk) {
            deframer.feed(stream, offset, Math.min(chunk, stream.length - offset));
        }
        for (KissFrame frame : frames) {
            // The type byte is not part of the payload, so the payload is at most one byte shorter.
            assertTrue(frame.payload().length < MAX_FRAME_BYTES, "frame of " + frame.payload().length + " bytes");
        }
        assertEquals(frames.size(), deframer.frames());
        assertEquals(errors.size(), deframer.errors());
    }
}
