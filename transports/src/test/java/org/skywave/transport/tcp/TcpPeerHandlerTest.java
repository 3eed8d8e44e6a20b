package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.support.LengthPrefixFrameDecoder;

/** The TCP framing and peer handling in isolation, through an {@link EmbeddedChannel}. */
class TcpPeerHandlerTest {

    static final long SEED = 7_2025L;

    /** Records what the handler reports. */
    static final class RecordingSink implements TcpPeerHandler.Sink {
        final List<byte[]> frames = new ArrayList<>();
        final List<FrameTooLongException> malformed = new ArrayList<>();
        final List<String> events = new ArrayList<>();

        @Override
        public void peerUp(Channel channel, TcpAddress peer) {
            events.add("up");
        }

        @Override
        public void peerDown(Channel channel, TcpAddress peer, String reason) {
            events.add("down: " + reason);
        }

        @Override
        public void frame(TcpAddress peer, byte[] payload) {
            frames.add(payload);
        }

        @Override
        public void malformed(TcpAddress peer, FrameTooLongException error) {
            malformed.add(error);
        }

        @Override
        public void writabilityChanged(Channel channel) {
            events.add("writability");
        }
    }

    private final RecordingSink sink = new RecordingSink();
    private EmbeddedChannel channel;

    @BeforeAll
    static void paranoidLeakDetection() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel channel(int maxFrame, int keepaliveSeconds) {
        TcpTransportConfig config = new TcpTransportConfig("127.0.0.1", 1, false, maxFrame,
                Duration.ofSeconds(keepaliveSeconds), Duration.ofMillis(500), Duration.ofSeconds(30));
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                TcpPeerHandler.install(ch.pipeline(), config, sink);
            }
        });
        return channel;
    }

    private static byte[] wire(byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(payload.length).array());
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    private static byte[] payload(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private byte[] drainOutbound() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return out.toByteArray();
    }

    @Test
    void reportsThePeerUpWhenTheChannelIsActive() {
        channel(1024, 0);
        assertEquals(List.of("up"), sink.events);
    }

    @Test
    void decodesAFrameSplitAtEveryBytePosition() {
        byte[] frame = payload(new Random(SEED), 40);
        byte[] bytes = wire(frame);
        for (int split = 0; split <= bytes.length; split++) {
            sink.frames.clear();
            EmbeddedChannel ch = channel(1024, 0);
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
            assertEquals(1, sink.frames.size(), "split at " + split);
            assertArrayEquals(frame, sink.frames.get(0), "split at " + split);
            assertNull(ch.readInbound(), "nothing passes the last handler");
            assertFalse(ch.finish());
        }
    }

    @Test
    void decodesFramesArrivingOneByteAtATime() {
        Random random = new Random(SEED);
        byte[] first = payload(random, 3);
        byte[] second = payload(random, 200);
        byte[] bytes = wire(first, second);
        channel(1024, 0);
        for (byte b : bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(2, sink.frames.size());
        assertArrayEquals(first, sink.frames.get(0));
        assertArrayEquals(second, sink.frames.get(1));
    }

    @Test
    void decodesCoalescedFramesAndIgnoresKeepAlives() {
        Random random = new Random(SEED);
        byte[] a = payload(random, 1);
        byte[] b = payload(random, 300);
        byte[] c = payload(random, 1024);
        channel(1024, 0);
        channel.writeInbound(Unpooled.wrappedBuffer(wire(a, new byte[0], b, new byte[0], c)));
        assertEquals(3, sink.frames.size(), "keep-alives are not frames");
        assertArrayEquals(a, sink.frames.get(0));
        assertArrayEquals(b, sink.frames.get(1));
        assertArrayEquals(c, sink.frames.get(2));
        assertTrue(channel.isOpen());
        assertFalse(channel.finish());
    }

    @Test
    void overLongLengthClosesThePeerOnceAndNamesLimitAndActual() {
        channel(1024, 0);
        byte[] bytes = ByteBuffer.allocate(4 + 8).putInt(1025).putLong(42).array();
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        assertEquals(1, sink.malformed.size());
        String message = sink.malformed.get(0).getMessage();
        assertTrue(message.contains("1025") && message.contains("1024"), message);
        assertFalse(channel.isOpen(), "the peer is closed: a length-prefixed stream cannot resynchronise");
        assertTrue(sink.frames.isEmpty());
        assertTrue(sink.events.get(sink.events.size() - 1).startsWith("down: TCP frame length 1025"), sink.events.toString());
    }

    @Test
    void lengthIsReadUnsigned() {
        channel(1024, 0);
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}));
        assertEquals(1, sink.malformed.size());
        assertTrue(sink.malformed.get(0).getMessage().contains("4294967295"), sink.malformed.get(0).getMessage());
    }

    @Test
    void decoderDiscardsEverythingAfterAnOverLongLength() {
        channel = new EmbeddedChannel(new LengthPrefixFrameDecoder(4, 1024, "TCP frame"));
        byte[] valid = wire(new byte[] {1, 2, 3});
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(ByteBuffer.allocate(4).putInt(5000).array())));
        assertInstanceOf(FrameTooLongException.class, e.getCause());
        assertFalse(channel.writeInbound(Unpooled.wrappedBuffer(valid)), "nothing after a bad length can be trusted");
        assertNull(channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() {
        byte[] frame = payload(new Random(SEED), 16);
        channel(16, 0);
        channel.writeInbound(Unpooled.wrappedBuffer(wire(frame)));
        assertEquals(1, sink.frames.size());
        assertTrue(sink.malformed.isEmpty());
    }

    @Test
    void outboundFramesGetTheLengthPrefix() {
        channel(1024, 0);
        byte[] frame = payload(new Random(SEED), 70);
        channel.writeOutbound(Unpooled.wrappedBuffer(frame));
        assertArrayEquals(wire(frame), drainOutbound());
    }

    @Test
    void writeIdlenessSendsAnEmptyFrame() {
        channel(1024, 1);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, drainOutbound());
        assertTrue(channel.isOpen());
    }

    @Test
    void aSilentPeerIsDropped() {
        channel(1024, 1);
        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertFalse(channel.isOpen());
        assertTrue(sink.events.get(sink.events.size() - 1).contains("silent"), sink.events.toString());
    }
}
