package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.support.LineFraming.Terminator;

/** The framing of modem TCP ports, in a Netty {@link EmbeddedChannel}: length-prefixed data and text lines. */
class ModemFramingTest {

    private static EmbeddedChannel lengthPrefixed(int fieldBytes, int max) {
        EmbeddedChannel channel = new EmbeddedChannel();
        LengthPrefixFrameDecoder.install(channel.pipeline(), fieldBytes, max, "VARA frame");
        return channel;
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = ByteBufUtil.getBytes(buf);
        buf.release();
        return out;
    }

    @Test
    void twoByteLengthFramesRoundTripAcrossSplitWrites() {
        EmbeddedChannel channel = lengthPrefixed(2, 1024);
        channel.writeOutbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        ByteBuf wireBuf = Unpooled.buffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            wireBuf.writeBytes(part); // the prepender writes the length and the payload as two buffers
            part.release();
        }
        byte[] wire = bytes(wireBuf);
        assertArrayEquals(new byte[] {0, 3, 1, 2, 3}, wire, "a 2-byte big-endian length, then the payload");

        channel.writeInbound(Unpooled.wrappedBuffer(wire, 0, 1));
        assertNull(channel.readInbound(), "half a length is no frame");
        channel.writeInbound(Unpooled.wrappedBuffer(wire, 1, 4));
        assertArrayEquals(new byte[] {1, 2, 3}, bytes(channel.readInbound()));
        assertTrue(!channel.finish() || channel.readInbound() == null);
    }

    @Test
    void anOverLongLengthNamesLimitAndActualThenDiscards() {
        EmbeddedChannel channel = lengthPrefixed(2, 100);
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, (byte) 200, 9, 9})));
        FrameTooLongException cause = assertInstanceOf(FrameTooLongException.class, e.getCause());
        assertEquals("VARA frame length 200 exceeds maxframe 100 bytes", cause.getMessage());
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 1, 7}));
        assertNull(channel.readInbound(), "nothing after an impossible length can be trusted");
        channel.finishAndReleaseAll();
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LengthPrefixFrameDecoder(3, 100, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LengthPrefixFrameDecoder(2, 70_000, "x"));
        assertTrue(e.getMessage().contains("70000") && e.getMessage().contains("65535"), e.getMessage());
    }

    @Test
    void linesEndAtCrOrLfAndEmptyOnesAreDropped() {
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.install(channel.pipeline(), 64, Terminator.CR, StandardCharsets.US_ASCII);
        channel.writeInbound(Unpooled.copiedBuffer("CONNECTED N0CALL-1 N0CALL-2 2300\r\rBUS", StandardCharsets.US_ASCII));
        channel.writeInbound(Unpooled.copiedBuffer("Y ON\r\nPTT OFF\n", StandardCharsets.US_ASCII));
        assertEquals("CONNECTED N0CALL-1 N0CALL-2 2300", channel.readInbound());
        assertEquals("BUSY ON", channel.readInbound());
        assertEquals("PTT OFF", channel.readInbound());
        assertNull(channel.readInbound());

        channel.writeOutbound("MYCALL N0CALL-1");
        ByteBuf out = channel.readOutbound();
        assertEquals("MYCALL N0CALL-1\r", out.toString(StandardCharsets.US_ASCII), "written with the port's terminator");
        out.release();
        channel.finishAndReleaseAll();
    }

    @Test
    void anOverLongLineFailsWithTheLimitAndTheNextLineIsRead() {
        EmbeddedChannel channel = new EmbeddedChannel();
        LineFraming.install(channel.pipeline(), 8, Terminator.LF, StandardCharsets.UTF_8);
        TooLongFrameException e = assertThrows(TooLongFrameException.class,
                () -> channel.writeInbound(Unpooled.copiedBuffer("0123456789abc\n{\"a\":1}\n", StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("8"), e.getMessage());
        channel.writeInbound(Unpooled.EMPTY_BUFFER);
        assertEquals("{\"a\":1}", channel.readInbound(), "the line after the over-long one is read normally");
        channel.finishAndReleaseAll();
    }
}
