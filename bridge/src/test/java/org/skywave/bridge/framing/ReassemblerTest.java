package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

class ReassemblerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private Reassembler reassembler(ReassemblerLimits limits) {
        return new Reassembler(limits, FrameAuthenticator.NONE, clock::get);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private record Sent(String sender, byte[] frame) {
    }

    @Provide
    Arbitrary<Integer> mtus() {
        return Arbitraries.of(64, 128, 256, 1024, 65536);
    }

    @Property(tries = 500, seed = "1234")
    void framesFitTheMtuAndReassembleExactly(@ForAll("mtus") int mtu, @ForAll @IntRange(max = 20000) int length,
                                            @ForAll @IntRange(min = 1, max = 256) int alphabet,
                                            @ForAll boolean compression, @ForAll long seed) throws MalformedFrameException {
        byte[] message = FramingSamples.message(new Random(seed), length, alphabet);
        List<byte[]> frames = new Fragmenter(mtu, FrameAuthenticator.NONE, compression, 0).frames(message);
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        Optional<byte[]> result = Optional.empty();
        for (int i = 0; i < frames.size(); i++) {
            assertTrue(frames.get(i).length <= mtu, "frame of " + frames.get(i).length + " at mtu " + mtu);
            assertTrue(result.isEmpty(), "complete before the last frame");
            result = reassembler.accept("A", frames.get(i));
        }
        assertArrayEquals(message, result.orElseThrow());
        assertEquals(0, reassembler.pendingMessages());
        assertEquals(0, reassembler.pendingBytes());
    }

    /**
     * Several messages from two senders, every frame sent once or twice, all shuffled together:
     * each fragmented message comes out exactly once, each unfragmented frame once per copy.
     */
    @Property(tries = 200, seed = "5678")
    void shuffledDuplicatedInterleavedFramesReassemble(@ForAll("mtus") int mtu, @ForAll long seed)
            throws MalformedFrameException {
        Random random = new Random(seed);
        Map<String, Fragmenter> fragmenters = Map.of(
                "A", new Fragmenter(mtu, FrameAuthenticator.NONE, true, random.nextInt(256)),
                "B", new Fragmenter(mtu, FrameAuthenticator.NONE, true, random.nextInt(256)));
        Map<String, List<String>> expected = new HashMap<>();
        List<Sent> wire = new ArrayList<>();
        int duplicated = 0;
        for (String sender : List.of("A", "B")) {
            for (int m = 0; m < 4; m++) {
                byte[] message = FramingSamples.message(random, random.nextInt(20001), random.nextBoolean() ? 256 : 16);
                List<byte[]> frames = fragmenters.get(sender).frames(message);
                int copies = 0;
                for (byte[] frame : frames) {
                    int n = random.nextInt(4) == 0 ? 2 : 1;
                    for (int c = 0; c < n; c++) {
                        wire.add(new Sent(sender, frame));
                    }
                    copies = Math.max(copies, n);
                }
                if (copies > 1 && frames.size() > 1) {
                    duplicated++;
                }
                for (int c = 0; c < (frames.size() == 1 ? copies : 1); c++) {
                    expected.computeIfAbsent(sender, s -> new ArrayList<>()).add(digest(message));
                }
            }
        }
        Collections.shuffle(wire, random);
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        Map<String, List<String>> received = new HashMap<>();
        for (Sent sent : wire) {
            reassembler.accept(sent.sender(), sent.frame()).ifPresent(message ->
                    received.computeIfAbsent(sent.sender(), s -> new ArrayList<>()).add(digest(message)));
        }
        for (String sender : List.of("A", "B")) {
            // Every message comes out; a fragmented one again only if a whole second copy arrived after it
            // completed (as a re-send does), never more often than it was sent.
            List<String> want = expected.get(sender);
            List<String> got = received.getOrDefault(sender, List.of());
            assertEquals(new TreeSet<>(want), new TreeSet<>(got), "sender " + sender + ", seed " + seed);
            for (String message : new TreeSet<>(got)) {
                assertTrue(Collections.frequency(got, message) <= Math.max(2, Collections.frequency(want, message)),
                        "sender " + sender + ", seed " + seed);
            }
        }
        // Copies that arrived after their message completed wait as partial re-sends until the timeout.
        assertTrue(reassembler.pendingMessages() <= duplicated, reassembler.pendingMessages() + " > " + duplicated);
        assertEquals(0, reassembler.stats().malformed());
    }

    @Test
    void goldenFragmentsAcceptedOutOfOrderWithADuplicate() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        assertTrue(reassembler.accept("A", hex("112a0203" + "10111213")).isEmpty());
        assertTrue(reassembler.accept("A", hex("112a0003" + "0001020304050607")).isEmpty());
        assertTrue(reassembler.accept("A", hex("112a0003" + "0001020304050607")).isEmpty());
        byte[] message = reassembler.accept("A", hex("112a0103" + "08090a0b0c0d0e0f")).orElseThrow();
        assertEquals("000102030405060708090a0b0c0d0e0f10111213", HexFormat.of().formatHex(message));
        // A late copy after completion is counted as a duplicate, and collected as the start of a re-send.
        assertTrue(reassembler.accept("A", hex("112a0103" + "08090a0b0c0d0e0f")).isEmpty());
        ReassemblerStats stats = reassembler.stats();
        assertEquals(1, stats.completed());
        assertEquals(2, stats.duplicates());
        assertEquals(1, stats.pendingMessages());
    }

    @Test
    void goldenCompressedFrameDecodes() throws MalformedFrameException {
        byte[] message = CompressorTest.p2wpkhTransaction(1);
        byte[] frame = new Fragmenter(256, FrameAuthenticator.NONE, true, 0).frames(message).get(0);
        assertEquals(0x12, frame[0]);
        assertArrayEquals(message, reassembler(ReassemblerLimits.defaults()).accept("A", frame).orElseThrow());
    }

    @Test
    void goldenDictionaryBackReferenceFrameDecodes() throws MalformedFrameException {
        // docs/protocol/framing.md, section 6: one Deflate match reaching into the dictionary.
        byte[] message = reassembler(ReassemblerLimits.defaults()).accept("A", hex("12c3100000")).orElseThrow();
        assertEquals("020000000001010000000000fdffffff02", HexFormat.of().formatHex(message));
    }

    @Test
    void emptyMessageIsOneHeaderByte() throws MalformedFrameException {
        List<byte[]> frames = new Fragmenter(64, FrameAuthenticator.NONE, true, 0).frames(new byte[0]);
        assertEquals("10", HexFormat.of().formatHex(frames.get(0)));
        assertEquals(0, reassembler(ReassemblerLimits.defaults()).accept("A", frames.get(0)).orElseThrow().length);
    }

    @Test
    void partialMessageExpiresAfterTheTimeoutWithoutFragments() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults().withTimeout(Duration.ofSeconds(30)));
        reassembler.accept("A", hex("11070003" + "aa"));
        clock.addAndGet(Duration.ofSeconds(20).toNanos());
        reassembler.accept("A", hex("11070103" + "bb")); // activity restarts the timeout
        clock.addAndGet(Duration.ofSeconds(30).toNanos() - 1);
        assertEquals(0, reassembler.expire());
        assertEquals(1, reassembler.pendingMessages());
        clock.addAndGet(1);
        assertEquals(1, reassembler.expire());
        assertEquals(0, reassembler.pendingMessages());
        assertEquals(0, reassembler.pendingBytes());
        assertEquals(1, reassembler.stats().expired());
        // The last fragment alone now starts a new partial message rather than completing the old one.
        assertTrue(reassembler.accept("A", hex("11070203" + "cc")).isEmpty());
        assertEquals(1, reassembler.pendingMessages());
    }

    @Test
    void inconsistentFragmentCountIsMalformedAndDropsThePartial() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        reassembler.accept("A", hex("11050003" + "aa"));
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> reassembler.accept("A", hex("11050104" + "bb")));
        assertTrue(e.getMessage().contains("fragment 1/4 contradicts message 5 held as 3 fragments"), e.getMessage());
        assertEquals(0, reassembler.pendingMessages());
        assertEquals(1, reassembler.stats().malformed());
        // So does a change of the COMPRESSED flag within one message.
        reassembler.accept("A", hex("11060003" + "aa"));
        assertThrows(MalformedFrameException.class, () -> reassembler.accept("A", hex("13060103" + "bb")));
        assertEquals(0, reassembler.pendingMessages());
    }

    @Test
    void sendersWithTheSameMessageNumberDoNotMix() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        reassembler.accept("A", hex("11010002" + "a0"));
        reassembler.accept("B", hex("11010002" + "b0"));
        assertEquals("b0b1", HexFormat.of().formatHex(reassembler.accept("B", hex("11010102" + "b1")).orElseThrow()));
        assertEquals("a0a1", HexFormat.of().formatHex(reassembler.accept("A", hex("11010102" + "a1")).orElseThrow()));
    }

    @Test
    void wrappingMessageNumbersKeepWorkingAndSupersedeStalePartials() throws MalformedFrameException {
        Fragmenter fragmenter = new Fragmenter(64, FrameAuthenticator.NONE, false, 250);
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        Random random = new Random(77);
        int lost = -1;
        for (int m = 0; m < 600; m++) {
            byte[] message = FramingSamples.message(random, 100 + random.nextInt(200), 256);
            List<byte[]> frames = fragmenter.frames(message);
            int number = frames.get(0)[1] & 0xff;
            if (m == 10) {
                // Lose the last fragment: message number 4 stays partial until the sender has moved 128 on.
                lost = number;
                for (int i = 0; i < frames.size() - 1; i++) {
                    assertTrue(reassembler.accept("A", frames.get(i)).isEmpty());
                }
                continue;
            }
            Optional<byte[]> result = Optional.empty();
            for (byte[] frame : frames) {
                result = reassembler.accept("A", frame);
            }
            assertArrayEquals(message, result.orElseThrow(), "message " + m + " with number " + number);
        }
        assertEquals(4, lost);
        assertEquals(599, reassembler.stats().completed());
        assertEquals(1, reassembler.stats().superseded());
        assertEquals(0, reassembler.pendingMessages());
    }

    @Test
    void pendingMessagesPerSenderAndInTotalAreCappedOldestFirst() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults().withMaxPending(2, 3));
        reassembler.accept("A", hex("11010002" + "a0"));
        reassembler.accept("A", hex("11020002" + "a0"));
        reassembler.accept("A", hex("11030002" + "a0")); // A holds 2 at most: evicts A/1
        assertEquals(2, reassembler.pendingMessages());
        assertEquals(1, reassembler.stats().evicted());
        reassembler.accept("B", hex("11010002" + "b0"));
        reassembler.accept("B", hex("11020002" + "b0")); // 3 in total at most: evicts the oldest, A/2
        assertEquals(3, reassembler.pendingMessages());
        assertEquals(2, reassembler.stats().evicted());
        assertTrue(reassembler.accept("A", hex("11030102" + "a1")).isPresent(), "A/3 survived");
        assertTrue(reassembler.accept("B", hex("11010102" + "b1")).isPresent(), "B/1 survived");
        assertTrue(reassembler.accept("B", hex("11020102" + "b1")).isPresent(), "B/2 survived");
        assertTrue(reassembler.accept("A", hex("11020102" + "a1")).isEmpty(), "A/2 was evicted");
        assertTrue(reassembler.accept("A", hex("11010102" + "a1")).isEmpty(), "A/1 was evicted");
    }

    @Property(tries = 50, seed = "31337")
    void floodOfFirstFragmentsFromManySendersStaysWithinTheMemoryCap(@ForAll long seed) throws MalformedFrameException {
        Random random = new Random(seed);
        ReassemblerLimits limits = new ReassemblerLimits(20_000, 40_000, 3, 16, Duration.ofMinutes(5));
        Reassembler reassembler = reassembler(limits);
        for (int i = 0; i < 3000; i++) {
            String sender = "S" + random.nextInt(500);
            int count = 2 + random.nextInt(20_000 - 2);
            int payload = 1 + random.nextInt(1000);
            FrameHeader header = FrameHeader.fragment(false, false, random.nextInt(256), random.nextInt(count), count);
            byte[] frame = new byte[header.encodedLength() + payload];
            header.writeTo(frame, 0);
            try {
                reassembler.accept(sender, frame);
            } catch (MalformedFrameException e) {
                // random counts contradict each other, or exceed the message limit: refused, as they should be
            }
            assertTrue(reassembler.pendingBytes() <= limits.maxPendingBytes(), "pending " + reassembler.pendingBytes());
            assertTrue(reassembler.pendingMessages() <= limits.maxPendingTotal());
            clock.addAndGet(1_000_000);
        }
        ReassemblerStats stats = reassembler.stats();
        assertTrue(stats.evicted() > 0, stats.toString());
        assertEquals(stats.pendingBytes(), reassembler.pendingBytes());
    }

    @Test
    void oneSenderCannotHoldMoreThanItsShare() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults().withMaxPending(4, 64));
        for (int n = 0; n < 100; n++) {
            reassembler.accept("A", concat(FrameHeader.fragment(false, false, n, 0, 5).encode(), new byte[] {1}));
            assertTrue(reassembler.pendingMessages() <= 4);
        }
        assertEquals(96, reassembler.stats().evicted());
    }

    @Test
    void messageOverTheSizeLimitIsRefused() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults().withMaxMessageBytes(100));
        byte[] big = new byte[150];
        List<byte[]> frames = new Fragmenter(64, FrameAuthenticator.NONE, false, 0).frames(big);
        reassembler.accept("A", frames.get(0));
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> reassembler.accept("A", frames.get(1)));
        assertTrue(e.getMessage().contains("exceeds the limit of 100 bytes"), e.getMessage());
        assertEquals(0, reassembler.pendingMessages());
        assertThrows(FrameTooLongException.class, () -> reassembler.accept("A", concat(hex("10"), new byte[200])));
        // A count no message within the limit can have is refused at the first fragment.
        assertThrows(FrameTooLongException.class, () -> reassembler.accept("A", hex("1101006501")));
    }

    @Test
    void decompressionBombInAFrameIsRefused() {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults().withMaxMessageBytes(65_536));
        byte[] bomb = Compressor.standard().compress(new byte[1024 * 1024]).orElseThrow();
        byte[] frame = concat(hex("12"), bomb);
        FrameTooLongException e = assertThrows(FrameTooLongException.class, () -> reassembler.accept("A", frame));
        assertTrue(e.getMessage().contains("decompressed message exceeds the limit of 65536 bytes"), e.getMessage());
        assertEquals(1, reassembler.stats().malformed());
    }

    @Test
    void authenticatedFramesAreCheckedAndFlagsMustMatchTheLink() throws MalformedFrameException {
        Crc32Authenticator crc = new Crc32Authenticator();
        Reassembler tagged = new Reassembler(ReassemblerLimits.defaults(), crc, clock::get);
        List<byte[]> frames = new Fragmenter(64, crc, true, 9).frames(FramingSamples.message(new Random(1), 300, 256));
        Optional<byte[]> result = Optional.empty();
        for (byte[] frame : frames) {
            assertEquals(0x15, frame[0], "version 1, AUTHENTICATED, FRAGMENT");
            result = tagged.accept("A", frame);
        }
        assertEquals(300, result.orElseThrow().length);

        byte[] tampered = frames.get(0).clone();
        tampered[6] ^= 1;
        assertTrue(assertThrows(MalformedFrameException.class, () -> tagged.accept("A", tampered))
                .getMessage().contains("authentication tag of 4 bytes does not match"));
        assertThrows(MalformedFrameException.class, () -> tagged.accept("A", hex("1068656c6c6f")));
        Reassembler plain = reassembler(ReassemblerLimits.defaults());
        assertTrue(assertThrows(MalformedFrameException.class, () -> plain.accept("A", frames.get(0)))
                .getMessage().contains("AUTHENTICATED flag but this link has no authenticator"));
    }

    @Property(tries = 3000, seed = "2718")
    void randomAndMutatedFramesRaiseOnlyMalformedFrame(@ForAll long seed) {
        Random random = new Random(seed);
        Reassembler reassembler = reassembler(new ReassemblerLimits(50_000, 100_000, 4, 16, Duration.ofMinutes(1)));
        byte[] message = FramingSamples.message(random, random.nextInt(3000), random.nextBoolean() ? 256 : 8);
        List<byte[]> frames = new Fragmenter(64, FrameAuthenticator.NONE, true, random.nextInt(256))
                .frames(message, random.nextInt(3));
        for (int i = 0; i < 30; i++) {
            byte[] frame;
            if (random.nextInt(4) == 0) {
                frame = new byte[random.nextInt(80)];
                random.nextBytes(frame);
                if (frame.length > 0 && random.nextBoolean()) {
                    frame[0] = (byte) (0x10 | frame[0] & 0x0f); // a version 1 header, to reach deeper checks
                }
            } else {
                frame = frames.get(random.nextInt(frames.size())).clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                }
                if (random.nextInt(5) == 0) {
                    frame = Arrays.copyOf(frame, random.nextInt(frame.length + 1));
                }
            }
            try {
                Optional<byte[]> out = reassembler.accept("S" + random.nextInt(3), frame);
                out.ifPresent(m -> assertTrue(m.length <= 50_000));
            } catch (MalformedFrameException expected) {
                // the only failure allowed
            }
            assertTrue(reassembler.pendingBytes() <= 100_000);
        }
    }

    @Property(tries = 200, seed = "1701")
    void relayedFramesReassembleWithTheirHopCount(@ForAll("mtus") int mtu, @ForAll @IntRange(max = 5000) int length,
                                                 @ForAll @IntRange(min = 0, max = 255) int hops,
                                                 @ForAll boolean compression, @ForAll long seed)
            throws MalformedFrameException {
        byte[] message = FramingSamples.message(new Random(seed), length, 16);
        List<byte[]> frames = new Fragmenter(mtu, FrameAuthenticator.NONE, compression, 0).frames(message, hops);
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        Optional<ReassembledMessage> result = Optional.empty();
        for (byte[] frame : frames) {
            assertTrue(frame.length <= mtu);
            assertTrue(result.isEmpty(), "complete before the last frame");
            result = reassembler.reassemble("A", frame);
        }
        assertEquals(ReassembledMessage.of(message, hops), result.orElseThrow());
    }

    @Test
    void goldenRelayedFramesGiveTheirHopCount() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        ReassembledMessage hello = reassembler.reassemble("A", hex("180168656c6c6f")).orElseThrow();
        assertEquals("68656c6c6f", HexFormat.of().formatHex(hello.message()));
        assertEquals(1, hello.hops());
        assertEquals(0, reassembler.reassemble("A", hex("1068656c6c6f")).orElseThrow().hops(), "no HOPS flag: hop count 0");
        assertTrue(reassembler.reassemble("A", hex("19022a0003" + "00010203040506")).isEmpty());
        assertTrue(reassembler.reassemble("A", hex("19022a0103" + "0708090a0b0c0d")).isEmpty());
        ReassembledMessage fragmented = reassembler.reassemble("A", hex("19022a0203" + "0e0f10111213")).orElseThrow();
        assertEquals("000102030405060708090a0b0c0d0e0f10111213", HexFormat.of().formatHex(fragmented.message()));
        assertEquals(2, fragmented.hops());
        // accept() gives the bytes alone, for receivers that do not relay.
        assertArrayEquals(hex("68656c6c6f"), reassembler.accept("B", hex("18ff68656c6c6f")).orElseThrow());
    }

    @Test
    void fragmentsWithDifferentHopCountsGiveTheHighest() throws MalformedFrameException {
        byte[] message = new byte[150];
        new Random(11).nextBytes(message);
        // The same fragments (same cut, same message number) under different hop counts, as a sender
        // that does not follow the rule of one count per message might send them.
        List<byte[]> hop0 = new Fragmenter(64, FrameAuthenticator.NONE, false, 0x33).frames(message, 0);
        assertEquals(3, hop0.size());
        List<byte[]> hop1 = hop0.stream().map(f -> withHops(f, 1)).toList();
        List<byte[]> hop4 = hop0.stream().map(f -> withHops(f, 4)).toList();
        assertEquals("19043301", HexFormat.of().formatHex(hop4.get(1), 0, 4));

        Reassembler highestInTheMiddle = reassembler(ReassemblerLimits.defaults());
        highestInTheMiddle.reassemble("A", hop1.get(0));
        highestInTheMiddle.reassemble("A", hop4.get(1));
        ReassembledMessage out = highestInTheMiddle.reassemble("A", hop0.get(2)).orElseThrow();
        assertArrayEquals(message, out.message());
        assertEquals(4, out.hops());

        Reassembler highestLast = reassembler(ReassemblerLimits.defaults());
        highestLast.reassemble("A", hop0.get(2));
        highestLast.reassemble("A", hop0.get(0));
        assertEquals(4, highestLast.reassemble("A", hop4.get(1)).orElseThrow().hops());

        // A duplicate fragment with a higher count raises the message's count too.
        Reassembler duplicate = reassembler(ReassemblerLimits.defaults());
        duplicate.reassemble("A", hop0.get(0));
        duplicate.reassemble("A", hop4.get(0));
        duplicate.reassemble("A", hop0.get(1));
        assertEquals(4, duplicate.reassemble("A", hop0.get(2)).orElseThrow().hops());
        assertEquals(0, duplicate.stats().malformed(), "differing hop counts are not malformed");
    }

    @Test
    void malformedHopCountsAreRefusedAndCounted() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        assertTrue(assertThrows(MalformedFrameException.class, () -> reassembler.reassemble("A", hex("180068656c6c6f")))
                .getMessage().contains("not minimally encoded"));
        assertTrue(assertThrows(MalformedFrameException.class, () -> reassembler.reassemble("A", hex("18")))
                .getMessage().contains("hop count truncated"));
        assertThrows(MalformedFrameException.class, () -> reassembler.reassemble("A", hex("19002a0003aa")));
        assertThrows(MalformedFrameException.class, () -> reassembler.reassemble("A", hex("19012a00")));
        assertEquals(4, reassembler.stats().malformed());
        assertEquals(0, reassembler.pendingMessages());
        assertEquals(3, reassembler.reassemble("A", hex("180368656c6c6f")).orElseThrow().hops(), "a valid frame still decodes");
    }

    @Test
    void validFrameStillDecodesAfterMalformedOnes() throws MalformedFrameException {
        Reassembler reassembler = reassembler(ReassemblerLimits.defaults());
        assertThrows(MalformedFrameException.class, () -> reassembler.accept("A", new byte[0]));
        assertThrows(MalformedFrameException.class, () -> reassembler.accept("A", hex("2012")));
        assertThrows(MalformedFrameException.class, () -> reassembler.accept("A", hex("112a0003")));
        assertArrayEquals(hex("68656c6c6f"), reassembler.accept("A", hex("1068656c6c6f")).orElseThrow());
        assertEquals(3, reassembler.stats().malformed());
        assertEquals(1, reassembler.stats().completed());
    }

    /** Length and SHA-256 prefix: identifies a message in an assertion without printing all of it. */
    private static String digest(byte[] message) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(message);
            return message.length + ":" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code frame} (no tag) with its header rewritten to carry hop count {@code hops}. */
    private static byte[] withHops(byte[] frame, int hops) {
        try {
            FrameHeader header = FrameHeader.decode(frame, frame.length);
            return concat(header.withHops(hops).encode(), Arrays.copyOfRange(frame, header.encodedLength(), frame.length));
        } catch (MalformedFrameException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
