package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ResourceLeakDetector;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;

class BitcoinFrameDecoderTest {

    private static final int MAINNET = BitcoinNetwork.MAINNET.magic();
    private static final int REGTEST = BitcoinNetwork.REGTEST.magic();

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void decodesACapturedMainnetVersionFrame() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(MAINNET));
        try {
            assertTrue(channel.writeInbound(Unpooled.wrappedBuffer(BitcoinGolden.MAINNET_VERSION_FRAME)));
            BitcoinMessage message = channel.readInbound();
            assertEquals("version", message.command());
            assertEquals(106, message.payloadLength());
            VersionPayload version = VersionPayload.decode(message.payload());
            assertEquals(70015, version.version());
            assertEquals(0x40f, version.services());
            assertEquals("/some-cool-software/", version.userAgent());
            assertEquals(1, version.startHeight());
            assertTrue(version.relay());
            assertNull(channel.readInbound());
            assertFalse(channel.finish());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void encodesVersionExactlyAsBcoinFramesIt() throws Exception {
        VersionPayload version = new VersionPayload(70016, VersionPayload.NODE_WITNESS, 1_700_000_000L,
                NetworkAddress.of(0, java.net.InetAddress.getByName("127.0.0.1"), 18444),
                NetworkAddress.of(0, java.net.InetAddress.getByName("0.0.0.0"), 0),
                0x0807060504030201L, "/Skywave:0.1.0/", 0, true);
        byte[] frame = BitcoinMessageCodec.encode(REGTEST, version.toMessage());
        assertArrayEquals(BitcoinGolden.BCOIN_REGTEST_VERSION_FRAME, frame);
        assertEquals(version, VersionPayload.decode(Arrays.copyOfRange(frame, 24, frame.length)));
    }

    @Test
    void encoderWritesTheSameBytesAsTheCodec() {
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameEncoder(MAINNET));
        try {
            byte[] payload = Arrays.copyOfRange(BitcoinGolden.MAINNET_VERSION_FRAME, 24, BitcoinGolden.MAINNET_VERSION_FRAME.length);
            assertTrue(channel.writeOutbound(BitcoinMessage.of("version", payload)));
            ByteBuf out = channel.readOutbound();
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            assertArrayEquals(BitcoinGolden.MAINNET_VERSION_FRAME, bytes);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void decodesFramesSplitAtEveryByteBoundary() {
        byte[] two = twoFrames();
        for (int split = 0; split <= two.length; split++) {
            EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(two, 0, split)));
                channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(two, split, two.length)));
                assertEquals("ping", ((BitcoinMessage) channel.readInbound()).command(), "split at " + split);
                assertEquals("verack", ((BitcoinMessage) channel.readInbound()).command(), "split at " + split);
                assertNull(channel.readInbound());
                assertFalse(channel.finish());
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void decodesOneByteAtATime() throws Exception {
        byte[] two = twoFrames();
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            for (byte b : two) {
                channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            BitcoinMessage ping = channel.readInbound();
            assertEquals(0x1122334455667788L, SmallPayloads.nonce(ping));
            assertEquals(0, ((BitcoinMessage) channel.readInbound()).payloadLength());
            assertNull(channel.readInbound());
            assertFalse(channel.finish());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesABadChecksumAndDiscardsWhatFollows() {
        byte[] frame = BitcoinMessageCodec.encode(REGTEST, SmallPayloads.ping(42));
        frame[20] ^= 0x01;
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(frame)));
            BitcoinProtocolException cause = assertInstanceOf(BitcoinProtocolException.class, e.getCause());
            assertTrue(cause.getMessage().startsWith("'ping' checksum "), cause.getMessage());
            assertTrue(cause.getMessage().contains("8-byte payload"), cause.getMessage());
            // Terminal: even a valid frame after the bad one is not decoded; the peer gets closed.
            channel.writeInbound(Unpooled.wrappedBuffer(BitcoinMessageCodec.encode(REGTEST, SmallPayloads.ping(1))));
            assertNull(channel.readInbound());
            assertFalse(channel.finish());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesTheWrongNetworkNamingBothMagics() {
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            DecoderException e = assertThrows(DecoderException.class,
                    () -> channel.writeInbound(Unpooled.wrappedBuffer(BitcoinGolden.MAINNET_VERSION_FRAME)));
            assertEquals("bad magic f9beb4d9, expected fabfb5da (wrong network or not a Bitcoin peer); header 24 bytes: "
                    + "f9beb4d976657273696f6e00000000006a0000009b228b9e", e.getCause().getMessage());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesAnOversizedPayloadFromItsHeaderAlone() {
        byte[] header = Arrays.copyOf(BitcoinMessageCodec.encode(REGTEST, SmallPayloads.empty("block")), 24);
        BitcoinMessageCodec.putIntLe(header, 16, BitcoinMessageCodec.MAX_PROTOCOL_MESSAGE_LENGTH + 1);
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(header)));
            FrameTooLongException cause = assertInstanceOf(FrameTooLongException.class, e.getCause());
            assertEquals("'block' payload length 4000001 exceeds the limit of 4000000 bytes (MAX_PROTOCOL_MESSAGE_LENGTH)",
                    cause.getMessage());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void acceptsAPayloadOfExactlyTheConfiguredLimit() {
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST, 100));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(BitcoinMessageCodec.encode(REGTEST, BitcoinMessage.of("tx", new byte[100]))));
            assertEquals(100, ((BitcoinMessage) channel.readInbound()).payloadLength());
            byte[] tooLong = BitcoinMessageCodec.encode(REGTEST, BitcoinMessage.of("tx", new byte[101]));
            DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(tooLong)));
            assertInstanceOf(FrameTooLongException.class, e.getCause());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void reportsAStreamClosedInTheMiddleOfAPayload() {
        byte[] frame = BitcoinMessageCodec.encode(REGTEST, SmallPayloads.ping(7));
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(frame, frame.length - 3)));
            assertNull(channel.readInbound());
            DecoderException e = assertThrows(DecoderException.class, channel::finish);
            assertEquals("connection closed in the middle of a message: have 29 bytes of 32 bytes", e.getCause().getMessage());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void refusesACommandWithGarbageAfterItsPadding() {
        byte[] frame = BitcoinMessageCodec.encode(REGTEST, SmallPayloads.empty("verack"));
        frame[4 + 10] = 'x';
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST));
        try {
            DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(Unpooled.wrappedBuffer(frame)));
            assertTrue(e.getCause().getMessage().startsWith("command field has byte 0x78 after its NUL padding at position 10"),
                    e.getCause().getMessage());
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void randomBytesRaiseOnlyTheProtocolException() {
        long seed = 20_251_101L;
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            byte[] noise = new byte[1 + random.nextInt(200)];
            random.nextBytes(noise);
            if (noise.length >= 4 && random.nextBoolean()) {
                // Often start with the right magic so the later checks are reached too.
                BitcoinMessageCodec.putIntLe(noise, 0, REGTEST);
            }
            EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(REGTEST, 1000));
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(noise));
                channel.finish();
            } catch (DecoderException e) {
                assertInstanceOf(org.skywave.transport.MalformedFrameException.class, e.getCause(), "seed " + seed + " round " + round);
            } finally {
                channel.finishAndReleaseAll();
            }
        }
    }

    private static byte[] twoFrames() {
        byte[] a = BitcoinMessageCodec.encode(REGTEST, SmallPayloads.ping(0x1122334455667788L));
        byte[] b = BitcoinMessageCodec.encode(REGTEST, SmallPayloads.empty("verack"));
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
