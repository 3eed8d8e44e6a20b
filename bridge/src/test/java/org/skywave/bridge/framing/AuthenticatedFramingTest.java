package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TestKeys;
import org.skywave.bridge.identity.TrustedPeers;
import org.skywave.transport.MalformedFrameException;

/**
 * Every authenticator through {@link Fragmenter} and {@link Reassembler}: what one station sends
 * the other delivers; a tampered frame, one from a station not trusted, and one whose tag was
 * stripped are refused and counted.
 */
class AuthenticatedFramingTest {

    private static final String SENDER = "N0CALL-1";

    /** Sender, receiver and a stranger, each with the authenticator it would use on the link. */
    enum Kind {
        ED25519 {
            @Override
            Stations stations() {
                StationKey a = TestKeys.key(60);
                StationKey b = TestKeys.key(61);
                StationKey stranger = TestKeys.key(62);
                return new Stations(
                        new Ed25519FrameAuthenticator(a, TrustedPeers.of(b.id())),
                        new Ed25519FrameAuthenticator(b, TrustedPeers.of(a.id())),
                        new Ed25519FrameAuthenticator(stranger, TrustedPeers.of(a.id(), b.id())));
            }
        },
        HMAC {
            @Override
            Stations stations() {
                byte[] secret = new byte[32];
                new Random(63).nextBytes(secret);
                byte[] otherSecret = secret.clone();
                otherSecret[31] ^= 1;
                return new Stations(new HmacFrameAuthenticator(secret), new HmacFrameAuthenticator(secret),
                        new HmacFrameAuthenticator(otherSecret));
            }
        },
        HMAC_4 {
            @Override
            Stations stations() {
                byte[] secret = new byte[16];
                new Random(64).nextBytes(secret);
                byte[] otherSecret = secret.clone();
                otherSecret[0] ^= (byte) 0x80;
                return new Stations(new HmacFrameAuthenticator(secret, 4), new HmacFrameAuthenticator(secret, 4),
                        new HmacFrameAuthenticator(otherSecret, 4));
            }
        };

        abstract Stations stations();
    }

    record Stations(FrameAuthenticator sender, FrameAuthenticator receiver, FrameAuthenticator stranger) {
    }

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private Reassembler reassembler(FrameAuthenticator authenticator) {
        return new Reassembler(ReassemblerLimits.defaults(), authenticator, clock::get);
    }

    private static Optional<byte[]> feed(Reassembler reassembler, List<byte[]> frames) throws MalformedFrameException {
        Optional<byte[]> result = Optional.empty();
        for (byte[] frame : frames) {
            assertTrue(result.isEmpty(), "complete before the last frame");
            result = reassembler.accept(SENDER, frame);
        }
        return result;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void roundTripsWholeAndFragmentedCompressedOrNot(Kind kind) throws MalformedFrameException {
        Stations stations = kind.stations();
        long seed = 70 + kind.ordinal();
        System.out.println(kind + " seed " + seed);
        Random random = new Random(seed);
        Reassembler receiver = reassembler(stations.receiver());
        int delivered = 0;
        for (int mtu : new int[] {128, 256, 1024}) {
            for (int length : new int[] {0, 1, 40, 500, 3000}) {
                for (boolean compression : new boolean[] {false, true}) {
                    byte[] message = FramingSamples.message(random, length, 1 + random.nextInt(256));
                    Fragmenter fragmenter = new Fragmenter(mtu, stations.sender(), compression, random.nextInt(256));
                    List<byte[]> frames = fragmenter.frames(message);
                    for (byte[] frame : frames) {
                        assertTrue(frame.length <= mtu, "frame of " + frame.length + " at mtu " + mtu);
                        assertEquals(FrameHeader.FLAG_AUTHENTICATED, frame[0] & FrameHeader.FLAG_AUTHENTICATED);
                    }
                    assertArrayEquals(message, feed(receiver, frames).orElseThrow(),
                            "mtu " + mtu + " length " + length + " compression " + compression);
                    delivered++;
                }
            }
        }
        assertEquals(delivered, receiver.stats().completed());
        assertEquals(0, receiver.stats().malformed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void everySingleBitFlipIsRefusedAndCounted(Kind kind) {
        Stations stations = kind.stations();
        byte[] frame = new Fragmenter(256, stations.sender(), false, 7).frames(new byte[] {1, 2, 3, 4, 5}).get(0);
        Reassembler receiver = reassembler(stations.receiver());
        int tries = 0;
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] tampered = frame.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, tampered), "bit " + bit);
            tries++;
        }
        assertEquals(tries, receiver.stats().malformed());
        assertEquals(0, receiver.stats().completed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tamperedFragmentIsRefusedAndTheGenuineOneStillCompletesTheMessage(Kind kind) throws MalformedFrameException {
        Stations stations = kind.stations();
        byte[] message = FramingSamples.message(new Random(80), 600, 256);
        List<byte[]> frames = new Fragmenter(128, stations.sender(), false, 9).frames(message);
        assertTrue(frames.size() > 2, "fragmented: " + frames.size());
        Reassembler receiver = reassembler(stations.receiver());
        byte[] forged = frames.get(1).clone();
        forged[5] ^= 0x40; // a payload byte
        assertEquals(Optional.empty(), receiver.accept(SENDER, frames.get(0)));
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, forged));
        assertTrue(e.getMessage().startsWith("authentication tag of " + stations.receiver().tagLength()
                + " bytes does not match"), e.getMessage());
        assertArrayEquals(message, feed(receiver, frames.subList(1, frames.size())).orElseThrow());
        assertEquals(1, receiver.stats().malformed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void frameFromAStationNotTrustedIsRefused(Kind kind) {
        Stations stations = kind.stations();
        Reassembler receiver = reassembler(stations.receiver());
        List<byte[]> frames = new Fragmenter(256, stations.stranger(), false, 0).frames(new byte[300]);
        for (byte[] frame : frames) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, frame));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        }
        assertEquals(frames.size(), receiver.stats().malformed());
        assertEquals(0, receiver.pendingMessages());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void frameWithItsTagStrippedIsRefused(Kind kind) {
        Stations stations = kind.stations();
        int tagLength = stations.sender().tagLength();
        Reassembler receiver = reassembler(stations.receiver());
        // Longer than any tag, so the stripped frame still looks like a whole frame with a tag.
        byte[] frame = new Fragmenter(256, stations.sender(), false, 0).frames(new byte[100]).get(0);
        byte[] stripped = Arrays.copyOf(frame, frame.length - tagLength);
        assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, stripped));
        byte[] strippedAndUnflagged = stripped.clone();
        strippedAndUnflagged[0] &= (byte) ~FrameHeader.FLAG_AUTHENTICATED;
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> receiver.accept(SENDER, strippedAndUnflagged));
        assertTrue(e.getMessage().startsWith("frame lacks the AUTHENTICATED flag this link requires"), e.getMessage());
        byte[] truncatedTag = Arrays.copyOf(frame, frame.length - 1);
        assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, truncatedTag));
        assertEquals(3, receiver.stats().malformed());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unauthenticatedReceiverRefusesAuthenticatedFramesAndViceVersa(Kind kind) {
        Stations stations = kind.stations();
        byte[] authenticated = new Fragmenter(256, stations.sender(), false, 0).frames(new byte[] {1}).get(0);
        Reassembler plain = reassembler(FrameAuthenticator.NONE);
        assertThrows(MalformedFrameException.class, () -> plain.accept(SENDER, authenticated));
        byte[] unauthenticated = new Fragmenter(256, FrameAuthenticator.NONE, false, 0).frames(new byte[100]).get(0);
        Reassembler receiver = reassembler(stations.receiver());
        assertThrows(MalformedFrameException.class, () -> receiver.accept(SENDER, unauthenticated));
        assertEquals(1, receiver.stats().malformed());
    }

    /** The frames and bytes behind the airtime table of docs/protocol/authentication.md, section 6. */
    @org.junit.jupiter.api.Test
    void frameCountsAndBytesOfTheAirtimeTable() {
        FrameAuthenticator mac = new HmacFrameAuthenticator(new byte[32]);
        FrameAuthenticator signature = new Ed25519FrameAuthenticator(TestKeys.key(65), TrustedPeers.none());
        int[][] expected = {
                // message bytes, then frames and frame bytes for none, mac (8), signature
                {60, 1, 61, 1, 69, 1, 127},
                {200, 1, 201, 1, 209, 2, 340},
                {400, 2, 408, 2, 424, 3, 610},
                {1000, 4, 1016, 5, 1060, 6, 1420}};
        for (int[] row : expected) {
            byte[] message = FramingSamples.message(new Random(row[0]), row[0], 256);
            FrameAuthenticator[] modes = {FrameAuthenticator.NONE, mac, signature};
            for (int m = 0; m < modes.length; m++) {
                List<byte[]> frames = new Fragmenter(256, modes[m], false, 0).frames(message);
                int bytes = frames.stream().mapToInt(f -> f.length).sum();
                assertEquals(row[1 + 2 * m], frames.size(), row[0] + " bytes, " + modes[m]);
                assertEquals(row[2 + 2 * m], bytes, row[0] + " bytes, " + modes[m]);
            }
        }
    }
}
