package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.skywave.transport.support.LineFraming;

/**
 * Coverage-guided fuzzing of what a VARA modem says on its command port (vara.md section 1):
 * bytes in any chunks become CR-terminated lines of at most
 * {@link VaraModemSockets#MAX_LINE_BYTES} (an over-long one is a {@link TooLongFrameException},
 * and the lines after it still come), each parsed into a reply or refused with
 * {@link VaraProtocolException}. The data port's 2-byte length prefixes are fuzzed with the shared
 * decoder in {@code LengthPrefixFrameDecoderFuzzTest}. Without {@code JAZZER_FUZZ} this runs the
 * seeds in {@code VaraFuzzTestInputs}.
 */
class VaraFuzzTest {

    @FuzzTest
    void commandPort(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.install(channel.pipeline(), VaraModemSockets.MAX_LINE_BYTES, LineFraming.Terminator.CR,
                StandardCharsets.US_ASCII);
        try {
            for (int offset = 0; offset < stream.length; offset += chunk) {
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, Math.min(chunk, stream.length - offset)));
                } catch (TooLongFrameException skipped) {
                    // reported; decoding goes on after the line's CR
                }
                for (Object line; (line = channel.readInbound()) != null; ) {
                    String text = (String) line;
                    assertTrue(text.length() <= VaraModemSockets.MAX_LINE_BYTES, "line of " + text.length());
                    try {
                        assertFalse(VaraReply.parse(text).line().isEmpty());
                    } catch (VaraProtocolException refused) {
                        // a reply this version does not know, or malformed
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
