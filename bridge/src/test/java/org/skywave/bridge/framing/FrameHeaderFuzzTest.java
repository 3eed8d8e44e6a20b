package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.skywave.transport.MalformedFrameException;

/**
 * Coverage-guided fuzzing of the frame header decoder ({@code docs/PROTOCOL.md} section 2): any
 * bytes either decode to a header no longer than the frame, which encodes back to the bytes it
 * came from, or raise {@link MalformedFrameException}. Without {@code JAZZER_FUZZ} this runs the
 * seeds in {@code FrameHeaderFuzzTestInputs}.
 */
class FrameHeaderFuzzTest {

    @FuzzTest
    void decodes(byte[] frame) {
        FrameHeader header;
        try {
            header = FrameHeader.decode(frame, frame.length);
        } catch (MalformedFrameException expected) {
            return;
        }
        int length = header.encodedLength();
        assertTrue(length <= frame.length && length <= FrameHeader.MAX_FRAGMENT_HEADER_BYTES, header.toString());
        assertEquals(Arrays.toString(Arrays.copyOf(frame, length)), Arrays.toString(header.encode()), header.toString());
    }
}
