package org.skywave.transport.kiss;

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
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.skywave.transport.FrameTooLongException;

class KissFrameDecoderTest {

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void decodesFramesSplitAcrossWrites() {
        EmbeddedChannel ch = new EmbeddedChannel(new KissFrameDecoder(64, "test"));
        try {
            byte[] in = hex("c0 00 01 db dc c0 c0 16 54 58 42 55 46 3a 30 c0");
            for (byte b : in) {
                ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
            }
            assertEquals(KissFrame.data(0, hex("01c0")), ch.readInbound());
            assertEquals(new KissFrame(1, KissCommand.SETHARDWARE, "TXBUF:0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                    ch.readInbound());
            assertNull(ch.readInbound());
            assertFalse(ch.finish());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void raisesOverLongFrameAfterPassingGoodOnesAndCarriesOn() {
        EmbeddedChannel ch = new EmbeddedChannel(new KissFrameDecoder(8, "127.0.0.1:8001"));
        try {
            ByteBuf in = Unpooled.wrappedBuffer(hex("c0 00 01 c0 c0 00 0102030405060708090a c0 c0 00 02 c0"));
            DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(in));
            FrameTooLongException cause = assertInstanceOf(FrameTooLongException.class, e.getCause());
            assertTrue(cause.getMessage().contains("exceeds 8 bytes (got 11) on 127.0.0.1:8001"), cause.getMessage());
            assertEquals(0, in.refCnt());
            assertEquals(KissFrame.data(0, hex("01")), ch.readInbound());
            assertEquals(KissFrame.data(0, hex("02")), ch.readInbound());
            assertNull(ch.readInbound());
            ch.writeInbound(Unpooled.wrappedBuffer(hex("c0 00 03 c0")));
            assertEquals(KissFrame.data(0, hex("03")), ch.readInbound());
            assertFalse(ch.finish());
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void encoderWritesEscapedFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(KissFrameEncoder.INSTANCE);
        try {
            assertTrue(ch.writeOutbound(KissFrame.data(2, hex("c0 db"))));
            ByteBuf out = ch.readOutbound();
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            out.release();
            assertArrayEquals(hex("c0 20 dbdc dbdd c0"), bytes);
            assertFalse(ch.finish());
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
