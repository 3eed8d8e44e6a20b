package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.skywave.transport.MalformedFrameException;

class FrameHeaderTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Nested
    @DisplayName("Given a header, when encoded, then the bytes are exactly")
    class Encoding {

        @Test
        void plainUnfragmentedHeaderIsOneByte0x10() {
            assertArrayEquals(hex("10"), FrameHeader.unfragmented(false, false).encode());
        }

        @Test
        void flagsOccupyTheLowNibble() {
            assertArrayEquals(hex("12"), FrameHeader.unfragmented(true, false).encode());
            assertArrayEquals(hex("14"), FrameHeader.unfragmented(false, true).encode());
            assertArrayEquals(hex("16"), FrameHeader.unfragmented(true, true).encode());
        }

        @Test
        void fragmentFieldsFollowAsNumberThenVarints() {
            assertArrayEquals(hex("112a0003"), FrameHeader.fragment(false, false, 0x2a, 0, 3).encode());
            assertArrayEquals(hex("13ff7f8001"), FrameHeader.fragment(true, false, 255, 127, 128).encode());
            assertArrayEquals(hex("1500feff7fffff7f"),
                    FrameHeader.fragment(false, true, 0, FrameHeader.MAX_FRAGMENT_COUNT - 1,
                            FrameHeader.MAX_FRAGMENT_COUNT).encode());
        }

        @Test
        void varintLengthsChangeAt128And16384() {
            assertEquals(1, FrameHeader.varintLength(127));
            assertEquals(2, FrameHeader.varintLength(128));
            assertEquals(2, FrameHeader.varintLength(16383));
            assertEquals(3, FrameHeader.varintLength(16384));
            assertEquals(3, FrameHeader.varintLength(FrameHeader.MAX_FRAGMENT_COUNT));
            assertThrows(IllegalArgumentException.class, () -> FrameHeader.varintLength(FrameHeader.MAX_FRAGMENT_COUNT + 1));
        }

        @Test
        void impossibleFieldsAreRefusedAtConstruction() {
            assertThrows(IllegalArgumentException.class, () -> FrameHeader.fragment(false, false, 256, 0, 2));
            assertThrows(IllegalArgumentException.class, () -> FrameHeader.fragment(false, false, 0, 2, 2));
            assertThrows(IllegalArgumentException.class, () -> FrameHeader.fragment(false, false, 0, 0, 1));
        }
    }

    @Nested
    @DisplayName("Given bytes, when decoded")
    class Decoding {

        @Test
        void unknownVersionNamesTheSupportedOnes() {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("2068"), 2));
            assertTrue(e.getMessage().contains("unsupported frame version 2 (supported: 1)"), e.getMessage());
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("00"), 1));
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("f0"), 1));
        }

        @Test
        void reservedFlagIsRefused() {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("18"), 1));
            assertTrue(e.getMessage().contains("reserved flag 0x08"), e.getMessage());
        }

        @Test
        void emptyFrameIsRefused() {
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(new byte[0], 0));
        }

        @Test
        void truncatedFragmentFieldsAreRefused() {
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("1101"), 2));
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("110100"), 3));
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("11018080"), 4));
            assertTrue(e.getMessage().contains("fragment index truncated at offset 4"), e.getMessage());
        }

        @Test
        void varintsMustBeMinimalAndAtMostThreeBytes() {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("1101800003"), 5));
            assertTrue(e.getMessage().contains("not minimally encoded"), e.getMessage());
            e = assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("110100ffffff01"), 7));
            assertTrue(e.getMessage().contains("fragment count at offset 3 is longer than 3 bytes"), e.getMessage());
        }

        @Test
        void countBelowTwoOrIndexPastCountIsRefused() {
            assertTrue(assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("11010001"), 4))
                    .getMessage().contains("fragment count 1 is below 2"));
            assertTrue(assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("11010303"), 4))
                    .getMessage().contains("fragment index 3 not below fragment count 3"));
        }

        @Test
        void decodeHonoursTheLimitBeforeTheTag() throws MalformedFrameException {
            // The count byte lies beyond the limit: it belongs to the tag, not the header.
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("112a0003"), 3));
            FrameHeader h = FrameHeader.decode(hex("172a0103"), 4);
            assertTrue(h.fragment() && h.compressed() && h.authenticated());
            assertEquals(0x2a, h.messageNumber());
            assertEquals(1, h.fragmentIndex());
            assertEquals(3, h.fragmentCount());
            assertFalse(FrameHeader.decode(hex("10"), 1).fragment());
        }
    }

    @Property(tries = 2000, seed = "20250601")
    void everyHeaderRoundTrips(@ForAll boolean compressed, @ForAll boolean authenticated,
                               @ForAll @IntRange(min = 0, max = 255) int number,
                               @ForAll @IntRange(min = 2, max = FrameHeader.MAX_FRAGMENT_COUNT) int count,
                               @ForAll @IntRange(min = 0, max = FrameHeader.MAX_FRAGMENT_COUNT - 1) int rawIndex)
            throws MalformedFrameException {
        FrameHeader header = FrameHeader.fragment(compressed, authenticated, number, rawIndex % count, count);
        byte[] bytes = header.encode();
        assertEquals(header.encodedLength(), bytes.length);
        assertEquals(header, FrameHeader.decode(bytes, bytes.length));
    }
}
