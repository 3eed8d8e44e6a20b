package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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
            assertTrue(assertThrows(IllegalArgumentException.class, () -> FrameHeader.unfragmented(false, false).withHops(256))
                    .getMessage().contains("hops not in 0..255: 256"));
            assertThrows(IllegalArgumentException.class, () -> FrameHeader.unfragmented(false, false).withHops(-1));
        }

        @Test
        void hopCountFollowsTheFlagsByteOnlyWhenNotZero() {
            assertArrayEquals(hex("10"), FrameHeader.unfragmented(false, false).withHops(0).encode());
            assertArrayEquals(hex("1801"), FrameHeader.unfragmented(false, false).withHops(1).encode());
            assertArrayEquals(hex("1eff"), FrameHeader.unfragmented(true, true).withHops(255).encode());
            assertEquals(2, FrameHeader.unfragmented(false, false).withHops(1).encodedLength());
        }

        @Test
        void hopCountComesBeforeTheFragmentFields() {
            FrameHeader header = FrameHeader.fragment(false, false, 0x2a, 0, 3).withHops(2);
            assertArrayEquals(hex("19022a0003"), header.encode());
            assertEquals(5, header.encodedLength());
            FrameHeader largest = FrameHeader.fragment(true, true, 0, FrameHeader.MAX_FRAGMENT_COUNT - 1,
                    FrameHeader.MAX_FRAGMENT_COUNT).withHops(3);
            assertArrayEquals(hex("1f0300feff7fffff7f"), largest.encode());
            assertEquals(FrameHeader.MAX_FRAGMENT_HEADER_BYTES, largest.encodedLength());
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
        void hopCountIsReadWhenTheHopsFlagIsSet() throws MalformedFrameException {
            FrameHeader h = FrameHeader.decode(hex("1801" + "68656c6c6f"), 7);
            assertEquals(1, h.hops());
            assertFalse(h.fragment());
            assertEquals(2, h.encodedLength());
            assertEquals(255, FrameHeader.decode(hex("18ff"), 2).hops());
            assertEquals(0, FrameHeader.decode(hex("1001"), 2).hops(), "without the flag the byte is payload");
            FrameHeader f = FrameHeader.decode(hex("19022a0103" + "aa"), 6);
            assertEquals(2, f.hops());
            assertEquals(0x2a, f.messageNumber());
            assertEquals(1, f.fragmentIndex());
            assertEquals(3, f.fragmentCount());
            assertEquals(5, f.encodedLength());
        }

        @Test
        void hopCountOfZeroIsRefusedAsNotMinimal() {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("1800" + "68"), 3));
            assertTrue(e.getMessage().contains("hop count at offset 1 is 0, which is not minimally encoded"), e.getMessage());
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("19002a0003aa"), 6));
        }

        @Test
        void truncatedHopCountIsRefused() {
            MalformedFrameException e = assertThrows(MalformedFrameException.class,
                    () -> FrameHeader.decode(hex("18"), 1));
            assertTrue(e.getMessage().contains("hop count truncated: header byte 0x18 announces it at offset 1, frame has 1"),
                    e.getMessage());
            // The byte after the flags lies beyond the limit: it belongs to the tag.
            assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("1c01"), 1));
            // A fragment's fields are counted after the hop count.
            e = assertThrows(MalformedFrameException.class, () -> FrameHeader.decode(hex("19012a00"), 4));
            assertTrue(e.getMessage().contains("fragment header truncated: needs at least 5 bytes, frame has 4"), e.getMessage());
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
                               @ForAll @IntRange(min = 0, max = FrameHeader.MAX_FRAGMENT_COUNT - 1) int rawIndex,
                               @ForAll @IntRange(min = 0, max = FrameHeader.MAX_HOPS) int hops,
                               @ForAll boolean fragment)
            throws MalformedFrameException {
        FrameHeader header = (fragment
                ? FrameHeader.fragment(compressed, authenticated, number, rawIndex % count, count)
                : FrameHeader.unfragmented(compressed, authenticated)).withHops(hops);
        byte[] bytes = header.encode();
        assertEquals(header.encodedLength(), bytes.length);
        assertEquals(hops == 0 ? 0 : FrameHeader.FLAG_HOPS, bytes[0] & FrameHeader.FLAG_HOPS);
        assertEquals(header, FrameHeader.decode(bytes, bytes.length));
    }

    /** Whatever the bytes, decoding either fails with the protocol exception or reads the one canonical encoding. */
    @Property(tries = 5000, seed = "8808")
    void arbitraryBytesDecodeOnlyToTheirCanonicalHeaderOrFail(@ForAll @Size(max = 12) byte[] bytes,
                                                              @ForAll @IntRange(min = 0, max = 12) int rawLimit) {
        int limit = Math.min(rawLimit, bytes.length);
        if (bytes.length > 0 && (bytes[0] & 0xf0) != 0x10) {
            bytes[0] = (byte) (0x10 | bytes[0] & 0x0f); // a version 1 header, to reach the deeper checks
        }
        FrameHeader header;
        try {
            header = FrameHeader.decode(bytes, limit);
        } catch (MalformedFrameException expected) {
            return;
        }
        assertTrue(header.encodedLength() <= limit, header + " read past the limit " + limit);
        assertArrayEquals(Arrays.copyOf(bytes, header.encodedLength()), header.encode(), header.toString());
    }
}
