package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Frames in a VARA session: 2-byte length prefix (docs/PROTOCOL.md section 4.3). */
class VaraFrameDeframerTest {

    /** Fixed so a failure repeats. */
    private static final long SEED = 0x7A7A_2026L;

    @Test
    void theWorkedExampleOfTheProtocol() {
        byte[] frame = {0x01, (byte) 0xa2, 0x00, 0x01, 0x01, 0x06, 0x02, 0x45, 0x61, 0x62, 0x63};
        byte[] encoded = VaraFrameDeframer.encode(frame);
        assertArrayEquals(new byte[] {0x00, 0x0b, 0x01, (byte) 0xa2, 0x00, 0x01, 0x01, 0x06, 0x02, 0x45, 0x61, 0x62, 0x63}, encoded);
    }

    @Test
    void randomFramesRoundTripWhateverTheReadsLookLike() throws Exception {
        Random random = new Random(SEED);
        List<byte[]> frames = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] f = new byte[1 + random.nextInt(i % 10 == 0 ? 4000 : 60)];
            random.nextBytes(f);
            frames.add(f);
            stream.write(VaraFrameDeframer.encode(f));
        }
        byte[] all = stream.toByteArray();
        for (int maxRead : new int[] {1, 2, 3, 7, 1000, all.length}) {
            VaraFrameDeframer deframer = new VaraFrameDeframer(4096);
            List<byte[]> got = new ArrayList<>();
            for (int i = 0; i < all.length; ) {
                int n = Math.min(all.length - i, 1 + random.nextInt(maxRead));
                deframer.feed(Arrays.copyOfRange(all, i, i + n), got::add);
                i += n;
            }
            assertEquals(frames.size(), got.size(), "reads of up to " + maxRead + " bytes, seed " + SEED);
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(frames.get(i), got.get(i), "frame " + i + ", reads of up to " + maxRead);
            }
        }
    }

    @Test
    void zeroAndOverlongLengthsAreRefusedWithTheLimit() {
        VaraFrameDeframer deframer = new VaraFrameDeframer(100);
        VaraProtocolException zero = assertThrows(VaraProtocolException.class, () -> deframer.feed(new byte[] {0, 0}, f -> { }));
        assertTrue(zero.getMessage().contains("length 0 outside 1..100"), zero.getMessage());
        VaraProtocolException big = assertThrows(VaraProtocolException.class, () -> deframer.feed(new byte[] {0, 101, 1}, f -> { }));
        assertTrue(big.getMessage().contains("length 101 outside 1..100"), big.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VaraFrameDeframer.encode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> VaraFrameDeframer.encode(new byte[65_536]));
    }
}
