package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.skywave.transport.FrameTooLongException;

/**
 * Coverage-guided fuzzing of the Bitcoin wire decoder and of every payload decoder the peer handler
 * applies to what a node sends. The stream decoder yields messages no longer than its limit, or one
 * {@link DecoderException} caused by a {@link BitcoinProtocolException} (a
 * {@link FrameTooLongException} for an oversized length), after which it discards
 * everything; each payload decoder returns within its own count limit or raises
 * BitcoinProtocolException. Without {@code JAZZER_FUZZ} this runs the seeds in
 * {@code BitcoinFrameDecoderFuzzTestInputs}.
 */
class BitcoinFrameDecoderFuzzTest {

    private static final int MAGIC = BitcoinNetwork.REGTEST.magic();
    /** Small, so that the fuzzer reaches the oversized-length path quickly. */
    private static final int MAX_PAYLOAD = 4_096;

    @FuzzTest
    void decodesStream(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 64);
        byte[] stream = data.consumeRemainingAsBytes();
        EmbeddedChannel channel = new EmbeddedChannel(new BitcoinFrameDecoder(MAGIC, MAX_PAYLOAD));
        boolean failed = false;
        try {
            for (int offset = 0; offset < stream.length; offset += chunk) {
                boolean failsNow = false;
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(stream, offset, Math.min(chunk, stream.length - offset)));
                } catch (DecoderException e) {
                    rethrowUnlessRefusal(e);
                    failsNow = true;
                }
                for (BitcoinMessage message; (message = channel.readInbound()) != null; ) {
                    assertTrue(message.payloadLength() <= MAX_PAYLOAD, message.toString());
                    assertFalse(failed, "a message after the decoder failed");
                    decodePayload(message);
                }
                failed |= failsNow;
            }
            try {
                // The peer hangs up: a message cut short is refused too.
                channel.close();
                channel.checkException();
            } catch (DecoderException e) {
                rethrowUnlessRefusal(e);
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void rethrowUnlessRefusal(DecoderException e) {
        if (!(e.getCause() instanceof BitcoinProtocolException || e.getCause() instanceof FrameTooLongException)) {
            throw e;
        }
    }

    /** The payload decoders alone, on any bytes, with the command chosen by the fuzzer. */
    @FuzzTest
    void decodesPayloads(FuzzedDataProvider data) {
        String command = data.pickValue(new String[] {BitcoinCommand.VERSION, BitcoinCommand.PING, BitcoinCommand.REJECT,
                BitcoinCommand.INV, BitcoinCommand.GETDATA, BitcoinCommand.HEADERS, BitcoinCommand.GETHEADERS, BitcoinCommand.TX});
        decodePayload(BitcoinMessage.of(command, data.consumeRemainingAsBytes()));
    }

    private static void decodePayload(BitcoinMessage message) {
        byte[] payload = message.payload();
        try {
            switch (message.command()) {
                case BitcoinCommand.VERSION -> {
                    String userAgent = VersionPayload.decode(payload).userAgent();
                    assertTrue(userAgent.length() <= VersionPayload.MAX_USER_AGENT_LENGTH, userAgent);
                }
                case BitcoinCommand.PING -> SmallPayloads.nonce(message);
                case BitcoinCommand.REJECT -> SmallPayloads.describeReject(payload);
                case BitcoinCommand.INV, BitcoinCommand.GETDATA -> assertTrue(
                        InventoryPayload.decode(message.command(), payload).size() <= InventoryPayload.MAX_INV_SZ);
                case BitcoinCommand.HEADERS -> assertTrue(HeadersPayload.decode(payload).size() <= HeadersPayload.MAX_HEADERS_RESULTS);
                case BitcoinCommand.GETHEADERS -> GetHeadersPayload.decode(payload);
                case BitcoinCommand.TX -> TransactionIds.of(payload);
                default -> { }
            }
        } catch (BitcoinProtocolException expected) {
            // refused with a message naming the problem
        }
    }
}
