package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing of reassembly ({@code docs/PROTOCOL.md} section 2.5), with compression
 * and tags: a stream of frames from three senders, with time passing between them, only ever
 * raises {@link org.skywave.transport.MalformedFrameException}; no message it delivers exceeds
 * {@link ReassemblerLimits#maxMessageBytes()}, and what it holds never exceeds
 * {@link ReassemblerLimits#maxPendingBytes()} nor {@link ReassemblerLimits#maxPendingTotal()}.
 *
 * <p>Input layout (so that seeds can be written by {@link #record}): one byte choosing the
 * authenticator (even: none, odd: a 4-byte CRC-32 tag), then records of sender (1 byte, modulo
 * 3), seconds to advance the clock (1 byte), frame length (2 bytes, big-endian) and the frame.
 * Without {@code JAZZER_FUZZ} this runs the seeds in {@code ReassemblerFuzzTestInputs}.
 */
class ReassemblerFuzzTest {

    /** Small limits, so that the fuzzer reaches eviction, supersession and the size checks. */
    static final ReassemblerLimits LIMITS = new ReassemblerLimits(4_096, 12_288, 2, 4, Duration.ofSeconds(60));
    private static final int SENDERS = 3;

    @FuzzTest
    void reassembles(byte[] input) {
        if (input.length == 0) {
            return;
        }
        FrameAuthenticator authenticator = (input[0] & 1) == 0 ? FrameAuthenticator.NONE : new Crc32Authenticator();
        long[] now = {0};
        Reassembler reassembler = new Reassembler(LIMITS, authenticator, () -> now[0]);
        ByteBuffer records = ByteBuffer.wrap(input, 1, input.length - 1);
        while (records.remaining() >= 4) {
            int sender = (records.get() & 0xFF) % SENDERS;
            now[0] += TimeUnit.SECONDS.toNanos(records.get() & 0xFF);
            int length = Math.min(records.getShort() & 0xFFFF, records.remaining());
            byte[] frame = new byte[length];
            records.get(frame);
            try {
                Optional<ReassembledMessage> message = reassembler.reassemble(sender, frame);
                message.ifPresent(m -> assertTrue(m.message().length <= LIMITS.maxMessageBytes(),
                        "message of " + m.message().length + " bytes"));
            } catch (org.skywave.transport.MalformedFrameException expected) {
                // dropped, and counted in its stats
            }
            assertTrue(reassembler.pendingBytes() <= LIMITS.maxPendingBytes(), reassembler.toString());
            assertTrue(reassembler.pendingMessages() <= LIMITS.maxPendingTotal(), reassembler.toString());
        }
    }

    /** One record of the input layout above: how seeds are written. */
    static byte[] record(int sender, int advanceSeconds, byte[] frame) {
        byte[] record = Arrays.copyOf(new byte[] {(byte) sender, (byte) advanceSeconds,
                (byte) (frame.length >>> 8), (byte) frame.length}, 4 + frame.length);
        System.arraycopy(frame, 0, record, 4, frame.length);
        return record;
    }
}
