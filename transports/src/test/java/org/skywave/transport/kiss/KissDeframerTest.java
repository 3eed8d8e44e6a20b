package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

class KissDeframerTest {

    private final List<KissFrame> frames = new ArrayList<>();
    private final List<MalformedFrameException> errors = new ArrayList<>();
    private final KissDeframer.Handler handler = new KissDeframer.Handler() {
        @Override
        public void onFrame(KissFrame frame) {
            frames.add(frame);
        }

        @Override
        public void onError(MalformedFrameException error) {
            errors.add(error);
        }
    };

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private KissDeframer deframer(int max) {
        return new KissDeframer(max, "test", handler);
    }

    @Test
    void encodesWithEscapesAsTheKissPaperSays() {
        byte[] encoded = KissFramer.encode(3, KissCommand.DATA, hex("01 c0 02 db 03"));
        assertArrayEquals(hex("c0 30 01 dbdc 02 dbdd 03 c0"), encoded);
        assertArrayEquals(hex("c0 ff c0"), KissFramer.encode(0, KissCommand.RETURN, new byte[0]));
        assertArrayEquals(hex("c0 01 1e c0"), KissFramer.encode(KissFrame.parameter(0, KissCommand.TXDELAY, 30)));
        assertArrayEquals(hex("c0 f6 54 58 c0"), KissFramer.encode(15, KissCommand.SETHARDWARE, hex("5458")));
    }

    @Test
    void refusesPortsOutsideTheNibble() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KissFrame.data(16, new byte[1]));
        assertTrue(e.getMessage().contains("0..15: 16"), e.getMessage());
    }

    @Test
    void decodesPortCommandAndUnescapedPayload() {
        deframer(100).feed(hex("c0 30 01 dbdc 02 dbdd 03 c0"));
        assertEquals(List.of(new KissFrame(3, KissCommand.DATA, hex("01 c0 02 db 03"))), frames);
        assertTrue(errors.isEmpty());
    }

    @Test
    void roundTripsRandomFramesSplitAtEveryByteBoundary() {
        long seed = 20241104L;
        Random random = new Random(seed);
        for (int round = 0; round < 30; round++) {
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            KissFrame frame = KissFrame.data(random.nextInt(16), payload);
            byte[] encoded = KissFramer.encode(frame);
            for (int split = 0; split <= encoded.length; split++) {
                frames.clear();
                KissDeframer d = deframer(512);
                d.feed(encoded, 0, split);
                d.feed(encoded, split, encoded.length - split);
                assertEquals(List.of(frame), frames, "seed " + seed + " round " + round + " split " + split);
            }
        }
        assertTrue(errors.isEmpty());
    }

    @Test
    void decodesOneByteAtATime() {
        byte[] a = KissFramer.encode(KissFrame.data(0, hex("c0c0dbdb00")));
        byte[] b = KissFramer.encode(KissFrame.parameter(1, KissCommand.P, 255));
        KissDeframer d = deframer(64);
        for (byte x : concat(a, b)) {
            d.feed(x & 0xFF);
        }
        assertEquals(List.of(KissFrame.data(0, hex("c0c0dbdb00")), KissFrame.parameter(1, KissCommand.P, 255)), frames);
        assertEquals(2, d.frames());
    }

    @Test
    void resyncsAfterGarbageBeforeTheFirstFend() {
        KissDeframer d = deframer(64);
        d.feed(hex("00 41 42 db dc ff"));
        d.feed(hex("c0 00 68 69 c0"));
        assertEquals(List.of(KissFrame.data(0, hex("6869"))), frames);
        assertEquals(6, d.noiseBytes());
        assertTrue(errors.isEmpty());
    }

    @Test
    void ignoresEmptyFramesAndSharedFends() {
        deframer(64).feed(hex("c0 c0 c0 00 01 c0 00 02 c0 c0"));
        assertEquals(List.of(KissFrame.data(0, hex("01")), KissFrame.data(0, hex("02"))), frames);
        assertTrue(errors.isEmpty());
    }

    @Test
    void toleratesTextBetweenFrames() {
        KissDeframer d = deframer(64);
        d.feed(hex("c0 00 01 c0"));
        d.feed("\r\ncmd:".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        d.feed(hex("c0 00 02 c0"));
        assertEquals(List.of(KissFrame.data(0, hex("01")), KissFrame.data(0, hex("02"))), frames);
        // The text sits between two FENDs, so it reads as a frame with an unknown command: dropped, counted.
        assertEquals(1, d.errors());
        assertTrue(errors.get(0).getMessage().contains("unknown KISS command 0x0d"), errors.get(0).getMessage());
    }

    @Test
    void dropsFrameWithBadEscapeAndDecodesTheNext() {
        KissDeframer d = deframer(64);
        d.feed(hex("c0 00 01 db 41 02 c0 00 03 c0"));
        assertEquals(List.of(KissFrame.data(0, hex("03"))), frames);
        assertEquals(1, d.errors());
        assertInstanceOf(KissFormatException.class, errors.get(0));
        assertTrue(errors.get(0).getMessage().contains("FESC followed by 0x41"), errors.get(0).getMessage());
    }

    @Test
    void dropsFrameEndingRightAfterFesc() {
        KissDeframer d = deframer(64);
        d.feed(hex("c0 00 01 db c0 00 04 c0"));
        assertEquals(List.of(KissFrame.data(0, hex("04"))), frames);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).getMessage().contains("ends right after FESC"), errors.get(0).getMessage());
    }

    @Test
    void dropsOverLongFrameWithLimitAndActualThenDecodesTheNext() {
        KissDeframer d = deframer(10);
        byte[] big = new byte[5000];
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(KissFramer.encode(KissFrame.data(0, big)));
        in.writeBytes(KissFramer.encode(KissFrame.data(0, hex("0102030405060708 09")))); // exactly 10 with the type byte
        d.feed(in.toByteArray());
        assertEquals(List.of(KissFrame.data(0, hex("010203040506070809"))), frames);
        assertEquals(1, d.errors());
        FrameTooLongException e = assertInstanceOf(FrameTooLongException.class, errors.get(0));
        assertTrue(e.getMessage().startsWith("KISS frame exceeds 10 bytes (got 5001) on test"), e.getMessage());
    }

    @Test
    void refusesUnknownCommandNibble() throws Exception {
        deframer(64).feed(hex("c0 0c 01 02 c0"));
        assertTrue(frames.isEmpty());
        assertTrue(errors.get(0).getMessage().contains("unknown KISS command 0x0c"), errors.get(0).getMessage());
        assertThrows(KissFormatException.class, () -> KissCommand.fromCode(0x0E));
        assertEquals(KissCommand.SETHARDWARE, KissCommand.fromCode(6));
    }

    @Test
    void decodesReturnAsTheWholeTypeByte() {
        deframer(8).feed(hex("c0 ff c0"));
        assertEquals(List.of(new KissFrame(0, KissCommand.RETURN, new byte[0])), frames);
    }

    @Test
    void randomBytesNeverThrowAndNeverExceedTheLimit() {
        long seed = 77L;
        Random random = new Random(seed);
        KissDeframer d = deframer(32);
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 50; i++) {
            random.nextBytes(chunk);
            d.feed(chunk);
        }
        for (KissFrame f : frames) {
            assertTrue(f.payloadLength() < 32, "seed " + seed);
        }
        assertEquals(d.frames(), frames.size());
        assertEquals(d.errors(), errors.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
