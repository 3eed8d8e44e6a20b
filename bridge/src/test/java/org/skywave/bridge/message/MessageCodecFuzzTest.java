package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the CBOR message decoder ({@code docs/PROTOCOL.md} section 3): any
 * bytes either decode to a message that encodes and decodes back to itself, or raise
 * {@link MalformedMessageException} from a check of the decoder's own. The codec turns a parser
 * failure nobody foresaw into MalformedMessageException with the RuntimeException as its cause;
 * such a cause fails this test, since it is a bug the fuzzer found. Memory is bounded by
 * {@link MessageLimits} (Jackson's read constraints); the JVM's 256 MiB test heap makes a breach
 * an OutOfMemoryError. Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code MessageCodecFuzzTestInputs}.
 */
class MessageCodecFuzzTest {

    private final MessageCodec codec = MessageCodec.INSTANCE;

    @FuzzTest
    void decodes(byte[] input) {
        Message message;
        try {
            message = codec.decode(input);
        } catch (MalformedMessageException e) {
            if (e.getCause() instanceof RuntimeException unforeseen) {
                throw new AssertionError("decoder failed on its own: " + e.getMessage(), unforeseen);
            }
            return;
        }
        try {
            assertEquals(message, codec.decode(codec.encode(message)));
        } catch (MalformedMessageException e) {
            throw new AssertionError("a decoded message does not decode again after encoding: " + message, e);
        }
    }
}
