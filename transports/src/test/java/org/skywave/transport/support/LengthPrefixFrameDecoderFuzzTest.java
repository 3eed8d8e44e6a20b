package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.skywave.transport.FrameTooLongException;

/**
 * Coverage-guided fuzzing of the length-prefix decoder (TCP links' 4-byte prefixes, VARA sessions' 2-byte ones): any byte stream, in any chunks,
 * yields frames no longer than the limit, or one {@link DecoderException} caused by a
 * {@link FrameTooLongException} after which everything is discarded. Without {@code JAZZER_FUZZ}
 * this runs the seeds in {@code LengthPrefixFrameDecoderFuzzTestInputs}.
 */
class LengthPrefixFrameDecoderFuzzTest {

    private static final int MAX_PAYLOAD = 256;

    @FuzzTest
    void splitsFrames(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        // 4-byte prefixes as TCP links use, 2-byte ones as VARA sessions do.
        int lengthFieldBytes = data.pickValue(new int[] {2, 4});
        byte[] stream = data.consumeRemainingAsBytes();
        EmbeddedChannel channel = new EmbeddedChannel(new LengthPrefixFrameDecoder(lengthFieldBytes, MAX_PAYLOAD, "frame"));
        boolean failed = false;
        try {
            for (int offset = 0; offset < stream.length; offset += chunk) {
                boolean failsNow = false;
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, Math.min(chunk, stream.length - offset)));
                } catch (DecoderException e) {
                    if (!(e.getCause() instanceof FrameTooLongException)) {
                        throw e;
                    }
                    failsNow = true;
                }
                for (ByteBuf frame; (frame = channel.readInbound()) != null; frame.release()) {
                    assertTrue(frame.readableBytes() <= MAX_PAYLOAD, "frame of " + frame.readableBytes() + " bytes");
                    assertFalse(failed, "a frame after the decoder failed");
                }
                failed |= failsNow;
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
