package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of what a VARA modem sends (vara.md sections 1 and 6): command-port
 * bytes in any chunks become lines of at most {@link VaraLineDecoder#MAX_LINE_BYTES}, each parsed
 * into a reply or refused with {@link VaraProtocolException}; data-port bytes become frames
 * within the deframer's limit, or one VaraProtocolException after which the session ends.
 * Without {@code JAZZER_FUZZ} this runs the seeds in {@code VaraFuzzTestInputs}.
 */
class VaraFuzzTest {

    private static final int MAX_FRAME = 256;

    @FuzzTest
    void commandPort(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        VaraLineDecoder decoder = new VaraLineDecoder();
        for (int offset = 0; offset < stream.length; offset += chunk) {
            byte[] piece = Arrays.copyOfRange(stream, offset, Math.min(stream.length, offset + chunk));
            decoder.feed(piece, piece.length, line -> {
                assertTrue(line.length() <= VaraLineDecoder.MAX_LINE_BYTES, "line of " + line.length());
                try {
                    VaraReply reply = VaraReply.parse(line);
                    assertFalse(reply.line().isEmpty());
                } catch (VaraProtocolException refused) {
                    // a reply this version does not know, or malformed
                }
            }, error -> { });
        }
    }

    @FuzzTest
    void dataPort(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        VaraFrameDeframer deframer = new VaraFrameDeframer(MAX_FRAME);
        try {
            for (int offset = 0; offset < stream.length; offset += chunk) {
                deframer.feed(Arrays.copyOfRange(stream, offset, Math.min(stream.length, offset + chunk)),
                        frame -> assertTrue(frame.length >= 1 && frame.length <= MAX_FRAME, "frame of " + frame.length));
            }
        } catch (VaraProtocolException endsTheSession) {
            // a length of 0 or over the limit: the stream cannot be resynchronised
        }
    }
}
