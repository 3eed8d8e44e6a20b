package org.skywave.bridge.node.jsonl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.tinylog.Logger;

/**
 * One connection to a JSON-lines node: decodes the lines that Netty's {@code LineBasedFrameDecoder}
 * cut, hands messages to {@link PeerEvents}, and writes ours. Runs on the connection's event loop.
 *
 * <p>A line that is not a valid message is counted, logged once with a bounded preview and
 * skipped: the next newline is a safe place to carry on. A line over the maximum is different: the
 * frame decoder fails fast at the limit and we close, because whatever that line was (a mempool
 * reply, most likely) is lost and the adapter's request/reply pairing with it; a new connection
 * starts clean.
 */
final class JsonLinesPeerHandler extends SimpleChannelInboundHandler<ByteBuf> {

    /** Events of one connection, in arrival order, on the event loop. */
    interface PeerEvents {
        void connected(JsonLinesPeerHandler peer);

        void message(JsonLinesPeerHandler peer, JsonLinesMessage message);

        void malformed(JsonLinesPeerHandler peer);

        void overlong(JsonLinesPeerHandler peer);

        void disconnected(JsonLinesPeerHandler peer, String reason);
    }

    private final JsonLinesCodec codec;
    private final PeerEvents events;
    private final String node;
    private ChannelHandlerContext ctx;
    private String closeReason;

    JsonLinesPeerHandler(JsonLinesCodec codec, PeerEvents events, String node) {
        this.codec = codec;
        this.events = events;
        this.node = node;
    }

    boolean isActive() {
        return ctx != null && ctx.channel().isActive();
    }

    void send(JsonLinesMessage message) {
        if (isActive()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(message)), ctx.voidPromise());
        }
    }

    ChannelFuture sendWithFuture(JsonLinesMessage message) {
        return ctx.writeAndFlush(Unpooled.wrappedBuffer(codec.encode(message)));
    }

    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        events.connected(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.disconnected(this, closeReason == null ? "connection closed by the node" : closeReason);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        byte[] line = ByteBufUtil.getBytes(frame);
        // Blank lines carry nothing; some line protocols send them to keep a connection alive.
        if (JsonLinesCodec.isBlank(line)) {
            return;
        }
        JsonLinesMessage message;
        try {
            message = codec.decode(line);
        } catch (JsonLinesProtocolException e) {
            Logger.warn("JSON-lines node {}: skipping malformed line: {}; line {}", node, e.getMessage(), LinePreview.of(line));
            events.malformed(this);
            return;
        }
        events.message(this, message);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && !(cause instanceof TooLongFrameException) && cause.getCause() != null
                ? cause.getCause() : cause;
        if (reason instanceof TooLongFrameException) {
            Logger.warn("JSON-lines node {}: closing the connection: line too long: {}", node, reason.getMessage());
            events.overlong(this);
            close("line longer than " + codec.maxLineBytes() + " bytes");
            return;
        }
        String text = reason instanceof java.io.IOException ? reason.getMessage() : reason.toString();
        Logger.warn("JSON-lines node {}: closing the connection: {}", node, text);
        close("error: " + text);
    }
}
