package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The adapter's pipeline (fail-fast line decoder, then the handler) through an {@link EmbeddedChannel}. */
class JsonLinesPeerHandlerTest {

    private static final int MAX = JsonLinesCodec.MIN_MAX_LINE_BYTES;
    private final List<String> events = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel(new LineBasedFrameDecoder(MAX, true, true),
            new JsonLinesPeerHandler(new JsonLinesCodec(MAX), new Events(), "test"));

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void decodesALineSplitOneByteAtATime() {
        byte[] line = "{\"NewTransaction\":{\"a\":\"\u00e9\"}}\r\n\"GetChain\"\n".getBytes(StandardCharsets.UTF_8);
        for (byte b : line) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(List.of("connected", "NewTransaction {\"a\":\"\u00e9\"}", "GetChain"), events);
        assertNull(channel.readInbound());
    }

    @Test
    void malformedLineIsSkippedAndTheNextOneDecodes() {
        channel.writeInbound(text("{\"Nope\":1}\n{oops\n\"GetMempool\"\n"));
        assertEquals(List.of("connected", "malformed", "malformed", "GetMempool"), events);
        assertTrue(channel.isActive());
    }

    @Test
    void lineThatNeverEndsClosesAtTheLimitWithoutWaitingForItsNewline() {
        byte[] endless = new byte[MAX + 1];
        java.util.Arrays.fill(endless, (byte) 'x');
        channel.writeInbound(Unpooled.wrappedBuffer(endless));
        assertEquals(List.of("connected", "overlong", "disconnected line longer than " + MAX + " bytes"), events);
        assertFalse(channel.isActive());
    }

    @Test
    void lineOfExactlyTheLimitIsAccepted() {
        String value = "\"" + "x".repeat(MAX - "{\"NewBlock\":}".length() - 2) + "\"";
        String line = "{\"NewBlock\":" + value + "}";
        assertEquals(MAX, line.length());
        channel.writeInbound(text(line + "\n"));
        assertEquals(List.of("connected", "NewBlock " + value), events);
    }

    private final class Events implements JsonLinesPeerHandler.PeerEvents {
        @Override
        public void connected(JsonLinesPeerHandler peer) {
            events.add("connected");
        }

        @Override
        public void message(JsonLinesPeerHandler peer, JsonLinesMessage message) {
            StringBuilder s = new StringBuilder(message.variant().wireName());
            for (byte[] v : message.values()) {
                s.append(' ').append(new String(v, StandardCharsets.UTF_8));
            }
            events.add(s.toString());
        }

        @Override
        public void malformed(JsonLinesPeerHandler peer) {
            events.add("malformed");
        }

        @Override
        public void overlong(JsonLinesPeerHandler peer) {
            events.add("overlong");
        }

        @Override
        public void disconnected(JsonLinesPeerHandler peer, String reason) {
            events.add("disconnected " + reason);
        }
    }
}
