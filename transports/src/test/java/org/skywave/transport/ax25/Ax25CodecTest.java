package org.skywave.transport.ax25;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Ax25CodecTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static final Callsign N0CALL_1 = Callsign.parse("N0CALL-1");
    private static final Callsign N0CALL_2 = Callsign.parse("N0CALL-2");

    @Nested
    @DisplayName("Given a UI frame to encode")
    class Encoding {

        @Test
        @DisplayName("the Direwolf proof frame N0CALL-1>N0CALL-2 'hello' comes out byte for byte")
        void encodesProofFrame() {
            byte[] bytes = Ax25Codec.encodeUi(N0CALL_2, N0CALL_1, List.of(), "hello".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(hex("9c6086829898e4 9c608682989863 03 f0 68656c6c6f"), bytes);
        }

        @Test
        @DisplayName("a digipeater path moves the extension bit to the last digipeater")
        void encodesWorkedExampleWithDigipeater() {
            byte[] bytes = Ax25Codec.encodeUi(Callsign.parse("CQ"), Callsign.parse("N0CALL-7"),
                    List.of(Callsign.parse("WIDE1-1")), "HI".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(hex("86A240404040E0 9C6086829898 6E AE92888A624063 03 F0 4849"), bytes);
        }
    }

    @Nested
    @DisplayName("Given bytes to decode")
    class Decoding {

        @Test
        void decodesProofFrame() throws Exception {
            Ax25Frame f = Ax25Codec.decode(hex("9c6086829898e4 9c608682989863 03 f0 68656c6c6f"));
            assertEquals(N0CALL_2, f.destination().callsign());
            assertTrue(f.destination().commandOrRepeated());
            assertEquals(N0CALL_1, f.source().callsign());
            assertFalse(f.source().commandOrRepeated());
            assertTrue(f.source().last());
            assertTrue(f.isUi());
            assertEquals(0xF0, f.pid());
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), f.info());
        }

        @Test
        void keepsTheHasBeenRepeatedBit() throws Exception {
            Ax25Frame f = Ax25Codec.decode(hex("86A240404040E0 9C6086829898 6E AE92888A6240E3 13 F0"));
            assertEquals(List.of(new Ax25Address(Callsign.parse("WIDE1-1"), true, true)), f.digipeaters());
            assertEquals(0x13, f.control());
            assertTrue(f.isUi());
            assertEquals(0, f.infoLength());
        }

        @Test
        void roundTripsRandomFrames() throws Exception {
            long seed = 4242L;
            Random random = new Random(seed);
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            for (int i = 0; i < 300; i++) {
                List<Callsign> calls = new ArrayList<>();
                for (int c = 0; c < 2 + random.nextInt(9); c++) {
                    StringBuilder base = new StringBuilder();
                    for (int k = 0; k < 1 + random.nextInt(6); k++) {
                        base.append(alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                    calls.add(new Callsign(base.toString(), random.nextInt(16)));
                }
                byte[] info = new byte[random.nextInt(300)];
                random.nextBytes(info);
                Ax25Frame frame = Ax25Frame.ui(calls.get(0), calls.get(1), calls.subList(2, calls.size()), info);
                assertEquals(frame, Ax25Codec.decode(Ax25Codec.encode(frame)), "seed " + seed + " frame " + i);
            }
        }

        @Test
        void refusesTruncatedAddressField() {
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e4 9c6086829898")));
            assertEquals(Ax25FormatException.Problem.TRUNCATED, e.problem());
            assertTrue(e.getMessage().contains("address 2 at byte 7 needs 7 bytes, frame has 13"), e.getMessage());
        }

        @Test
        void refusesMoreThanEightDigipeaters() {
            StringBuilder h = new StringBuilder("9c6086829898e4 9c608682989862");
            for (int i = 0; i < 9; i++) {
                h.append(" AE92888A624062");
            }
            h.append(" 03 f0");
            Ax25FormatException e = assertThrows(Ax25FormatException.class, () -> Ax25Codec.decode(hex(h.toString())));
            assertEquals(Ax25FormatException.Problem.BAD_ADDRESS_FIELD, e.problem());
            assertTrue(e.getMessage().contains("no extension bit in its first 10 addresses (at most 8 digipeaters)"), e.getMessage());
        }

        @Test
        void refusesMissingExtensionBitRunningIntoTheControlByte() {
            // Source without the extension bit: the decoder reads "03 f0 68..." as an address.
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e4 9c608682989862 03 f0 68656c6c6f")));
            assertEquals(Ax25FormatException.Problem.BAD_ADDRESS, e.problem());
            assertTrue(e.getMessage().contains("at byte 14"), e.getMessage());
        }

        @Test
        void refusesDestinationMarkedLast() {
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e5 03 f0")));
            assertEquals(Ax25FormatException.Problem.BAD_ADDRESS_FIELD, e.problem());
        }

        @Test
        void refusesNonUiFramesNamingTheirType() {
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e4 9c608682989863 3f")));
            assertEquals(Ax25FormatException.Problem.NOT_UI, e.problem());
            assertTrue(e.getMessage().contains("N0CALL-1>N0CALL-2 is not UI: control 0x3f (SABM)"), e.getMessage());
        }

        @Test
        void refusesMissingControlAndPid() {
            assertEquals(Ax25FormatException.Problem.TRUNCATED, assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e4 9c608682989863"))).problem());
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c6086829898e4 9c608682989863 03")));
            assertTrue(e.getMessage().contains("no PID"), e.getMessage());
        }

        @Test
        void refusesLowerCaseAndPaddingInTheMiddle() {
            assertEquals(Ax25FormatException.Problem.BAD_ADDRESS, assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("c26086829898e4 9c608682989863 03 f0"))).problem()); // 'a'
            Ax25FormatException e = assertThrows(Ax25FormatException.class,
                    () -> Ax25Codec.decode(hex("9c4086829898e4 9c608682989863 03 f0")));
            assertTrue(e.getMessage().contains("after space padding"), e.getMessage());
        }

        @Test
        void randomBytesOnlyEverRaiseTheProtocolException() {
            long seed = 99L;
            Random random = new Random(seed);
            for (int i = 0; i < 20_000; i++) {
                byte[] b = new byte[random.nextInt(90)];
                random.nextBytes(b);
                try {
                    Ax25Codec.decode(b);
                } catch (Ax25FormatException expected) {
                    assertTrue(expected.getMessage().startsWith("AX.25"), expected.getMessage());
                }
            }
        }
    }
}
