package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.skywave.transport.MalformedFrameException;

class FragmenterTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void goldenUnfragmentedFrame() {
        Fragmenter fragmenter = new Fragmenter(64, FrameAuthenticator.NONE, true, 0);
        List<byte[]> frames = fragmenter.frames("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, frames.size());
        // Version 1, no flags (Deflate would not make five bytes smaller), then the payload.
        assertEquals("1068656c6c6f", hex(frames.get(0)));
    }

    @Test
    void goldenFragmentedMessage() {
        byte[] message = new byte[20];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        Fragmenter fragmenter = new Fragmenter(12, FrameAuthenticator.NONE, false, 0x2a);
        List<byte[]> frames = fragmenter.frames(message);
        // 0x11: version 1 + FRAGMENT; message number 0x2a; index; count 3; 8 payload bytes each (12 - 4).
        assertEquals(List.of("112a0003" + "0001020304050607", "112a0103" + "08090a0b0c0d0e0f", "112a0203" + "10111213"),
                frames.stream().map(FragmenterTest::hex).toList());
        // The next fragmented message takes the next number.
        assertEquals("112b0003", hex(fragmenter.frames(message).get(0)).substring(0, 8));
    }

    @Test
    void goldenRelayedFramesCarryTheHopCountAfterTheFlags() {
        // docs/PROTOCOL.md, section 2.6, "Relayed".
        Fragmenter plain = new Fragmenter(64, FrameAuthenticator.NONE, true, 0);
        assertEquals("180168656c6c6f", hex(plain.frames("hello".getBytes(StandardCharsets.US_ASCII), 1).get(0)));
        byte[] message = new byte[20];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        // 0x19: version 1 + HOPS + FRAGMENT; hop count 2; message number 0x2a; 7 payload bytes each (12 - 5).
        List<byte[]> frames = new Fragmenter(12, FrameAuthenticator.NONE, false, 0x2a).frames(message, 2);
        assertEquals(List.of("19022a0003" + "00010203040506", "19022a0103" + "0708090a0b0c0d", "19022a0203" + "0e0f10111213"),
                frames.stream().map(FragmenterTest::hex).toList());
    }

    @Test
    void hopCountZeroWritesNothingAndOutOfRangeIsRefused() {
        Fragmenter fragmenter = new Fragmenter(64, FrameAuthenticator.NONE, false, 0);
        assertEquals("10aabb", hex(fragmenter.frames(new byte[] {(byte) 0xaa, (byte) 0xbb}, 0).get(0)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> fragmenter.frames(new byte[1], 256))
                .getMessage().contains("hops not in 0..255: 256"));
        assertThrows(IllegalArgumentException.class, () -> fragmenter.frames(new byte[1], -1));
    }

    @Test
    void theHopCountByteCostsPayloadRoomAtTheMtu() {
        Fragmenter fragmenter = new Fragmenter(64, FrameAuthenticator.NONE, false, 0);
        assertEquals(1, fragmenter.frames(new byte[63], 0).size());
        assertEquals(2, fragmenter.frames(new byte[63], 1).size());
        assertEquals(1, fragmenter.frames(new byte[62], 1).size());
        assertEquals(64, fragmenter.frames(new byte[62], 1).get(0).length);
    }

    @Test
    void goldenAuthenticatedFrameEndsWithItsTag() {
        Fragmenter fragmenter = new Fragmenter(64, new Crc32Authenticator(), false, 0);
        byte[] frame = fragmenter.frames(new byte[] {0x01, 0x02}).get(0);
        // 0x14: version 1 + AUTHENTICATED; payload; CRC-32 of "140102" big-endian.
        assertEquals("140102" + "137b82d3", hex(frame));
    }

    @Test
    void overheadFigures() {
        Fragmenter plain = new Fragmenter(64, FrameAuthenticator.NONE, true);
        assertEquals(1, plain.overheadUnfragmented());
        assertEquals(4, plain.overheadPerFragment());
        assertEquals(4, plain.overheadPerFragment(127));
        assertEquals(6, plain.overheadPerFragment(128));
        assertEquals(8, plain.overheadPerFragment(16384));
        Fragmenter tagged = new Fragmenter(64, new Crc32Authenticator(), true);
        assertEquals(5, tagged.overheadUnfragmented());
        assertEquals(8, tagged.overheadPerFragment());
    }

    @Test
    void messageThatFillsTheMtuExactlyStaysUnfragmented() {
        Fragmenter fragmenter = new Fragmenter(64, FrameAuthenticator.NONE, false, 0);
        assertEquals(1, fragmenter.frames(new byte[63]).size());
        assertEquals(2, fragmenter.frames(new byte[64]).size());
    }

    @Test
    void mtuBelowTheLargestFragmentHeaderIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Fragmenter(9, FrameAuthenticator.NONE, false));
        assertTrue(e.getMessage().contains("mtu 9 is below the minimum of 10 bytes (largest fragment header 9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Fragmenter(13, new Crc32Authenticator(), false));
        assertEquals(14, new Fragmenter(14, new Crc32Authenticator(), false).mtu());
    }

    @Test
    void messageLargerThanTheHeaderCanAnnounceIsRefused() {
        Fragmenter fragmenter = new Fragmenter(1024, FrameAuthenticator.NONE, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fragmenter.frames(new byte[FrameHeader.MAX_MESSAGE_BYTES + 1]));
        assertTrue(e.getMessage().contains("message of 4194305 bytes exceeds the limit of 4194304"), e.getMessage());
    }

    @Test
    void messageNeedingMoreFragmentsThanTheCountCanHoldIsRefused() {
        // At mtu 10 with a hop count each fragment of a large message carries one byte: 4 MiB needs 4,194,304 fragments.
        Fragmenter fragmenter = new Fragmenter(10, FrameAuthenticator.NONE, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fragmenter.frames(new byte[FrameHeader.MAX_MESSAGE_BYTES], 1));
        assertTrue(e.getMessage().contains("a frame header can announce at most 2097151"), e.getMessage());
    }

    @Test
    void largestMessageAtTheJs8MtuFitsTheHeader() throws MalformedFrameException {
        Random random = new Random(3);
        byte[] message = new byte[FrameHeader.MAX_MESSAGE_BYTES];
        random.nextBytes(message);
        List<byte[]> frames = new Fragmenter(64, FrameAuthenticator.NONE, false, 0).frames(message);
        assertEquals(74_604, frames.size()); // cross-checked by summing per-index capacities by hand
        int payload = 0;
        for (byte[] frame : frames) {
            assertTrue(frame.length <= 64);
            FrameHeader header = FrameHeader.decode(frame, frame.length);
            assertEquals(frames.size(), header.fragmentCount());
            payload += frame.length - header.encodedLength();
        }
        assertEquals(message.length, payload);
    }

    @Property(tries = 400, seed = "4242")
    void compressedFlagOnlyWhenItSavesBytes(@ForAll("mtus") int mtu, @ForAll @IntRange(max = 20000) int length,
                                            @ForAll @IntRange(min = 1, max = 256) int alphabet, @ForAll long seed)
            throws MalformedFrameException {
        byte[] message = FramingSamples.message(new Random(seed), length, alphabet);
        List<byte[]> frames = new Fragmenter(mtu, FrameAuthenticator.NONE, true, 0).frames(message);
        int payload = 0;
        boolean compressed = false;
        for (byte[] frame : frames) {
            assertTrue(frame.length <= mtu, "frame of " + frame.length + " bytes at mtu " + mtu);
            FrameHeader header = FrameHeader.decode(frame, frame.length);
            compressed = header.compressed();
            payload += frame.length - header.encodedLength();
        }
        if (compressed) {
            assertTrue(payload < message.length, payload + " >= " + message.length);
        } else {
            assertEquals(message.length, payload);
            assertTrue(Compressor.standard().compress(message).isEmpty());
        }
    }

    @Property(tries = 300, seed = "99")
    void fragmentsAreTheFewestThatFit(@ForAll @IntRange(min = 10, max = 300) int mtu,
                                      @ForAll @IntRange(max = 40000) int length,
                                      @ForAll @IntRange(max = 2) int hopsChoice) throws MalformedFrameException {
        int hops = hopsChoice == 2 ? FrameHeader.MAX_HOPS : hopsChoice;
        int hopsBytes = hops > 0 ? 1 : 0;
        List<byte[]> frames = new Fragmenter(mtu, FrameAuthenticator.NONE, false, 0).frames(new byte[length], hops);
        int count = frames.size();
        for (byte[] frame : frames) {
            assertTrue(frame.length <= mtu);
            assertEquals(hops, FrameHeader.decode(frame, frame.length).hops(), "every frame carries the hop count");
        }
        if (count > 1) {
            // All but the last are full; the last carries at least one payload byte.
            for (int i = 0; i < count - 1; i++) {
                assertEquals(mtu, frames.get(i).length, "fragment " + i + " of " + count);
            }
            byte[] last = frames.get(count - 1);
            int lastHeader = 2 + hopsBytes + FrameHeader.varintLength(count - 1) + FrameHeader.varintLength(count);
            assertTrue(last.length >= lastHeader + 1, "last fragment carries no payload");
            // One fragment fewer, each with its own header widths, cannot carry the message.
            long fewer = 0;
            for (int i = 0; i < count - 1; i++) {
                fewer += mtu - 2 - hopsBytes - FrameHeader.varintLength(i) - FrameHeader.varintLength(count - 1);
            }
            assertTrue(count - 1 == 1 ? length > mtu - 1 - hopsBytes : fewer < length,
                    count + " fragments for " + length + " bytes");
        }
    }

    @Provide
    Arbitrary<Integer> mtus() {
        return Arbitraries.of(64, 128, 256, 1024, 65536);
    }
}
