package org.skywave.transport.vara;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.skywave.transport.support.LengthPrefixFrameDecoder;
import org.skywave.transport.support.LineFraming;

/**
 * The two TCP connections to a VARA modem (vara.md section 1): the command port, CR-terminated
 * lines ({@link LineFraming}), and the data port, which carries Skywave frames with a 2-byte length
 * ({@link LengthPrefixFrameDecoder}, docs/PROTOCOL.md section 4.3). What arrives goes to a
 * {@link Sink} from Netty's event loop; writes may come from any thread.
 */
final class VaraModemSockets implements Closeable {

    /** Where the connections deliver. Called from the event loop. */
    interface Sink {
        void line(String line);

        void frame(byte[] frame);

        /**
         * A command line over {@link #MAX_LINE_BYTES}; the stream has moved past it. (No 2-byte
         * length exceeds the frame limit of 65535, so the data port has no such case.)
         */
        void malformed(String what);

        /** A connection ended (the modem closed it or crashed); called once for the pair. */
        void closed(String reason);
    }

    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    /**
     * Longest command-port line accepted. The longest documented line is a FM {@code CONNECTED}
     * with two digipeaters (about 50 bytes); 512 leaves room for versions that say more.
     */
    static final int MAX_LINE_BYTES = 512;
    private static final int LENGTH_FIELD_BYTES = 2;
    private static final String FRAME_NAME = "VARA session frame";

    private final String describe;
    private final Channel command;
    private final Channel data;
    private final Reader dataReader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private VaraModemSockets(String describe, Channel command, Channel data, Reader dataReader) {
        this.describe = describe;
        this.command = command;
        this.data = data;
        this.dataReader = dataReader;
    }

    /**
     * Connects command then data port, waiting at most {@link #CONNECT_TIMEOUT_MILLIS} for each;
     * both or neither.
     *
     * @throws IOException naming the port that could not be reached
     */
    static VaraModemSockets open(EventLoopGroup group, String host, int commandPort, int dataPort, Sink sink) throws IOException {
        String describe = (host.contains(":") ? "[" + host + "]" : host) + ":" + commandPort + "/" + dataPort;
        AtomicBoolean reported = new AtomicBoolean();
        Consumer<String> lost = reason -> {
            if (reported.compareAndSet(false, true)) {
                sink.closed(reason);
            }
        };
        Channel command = connect(group, host, commandPort, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                LineFraming.install(ch.pipeline(), MAX_LINE_BYTES, LineFraming.Terminator.CR, StandardCharsets.US_ASCII);
                ch.pipeline().addLast("modem", new Reader("command", sink, lost));
            }
        });
        Channel data;
        Reader dataReader = new Reader("data", sink, lost);
        try {
            data = connect(group, host, dataPort, new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    LengthPrefixFrameDecoder.install(ch.pipeline(), LENGTH_FIELD_BYTES, VaraTransportConfig.MAX_MTU, FRAME_NAME);
                    ch.pipeline().addLast("modem", dataReader);
                }
            });
        } catch (IOException e) {
            reported.set(true);
            command.close();
            throw e;
        }
        return new VaraModemSockets(describe, command, data, dataReader);
    }

    private static Channel connect(EventLoopGroup group, String host, int port, ChannelHandler initializer) throws IOException {
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer)
                .connect(host, port);
        if (!f.awaitUninterruptibly(CONNECT_TIMEOUT_MILLIS + 1_000L) || !f.isSuccess()) {
            f.channel().close();
            throw new IOException("cannot connect to the VARA modem at " + host + ":" + port + ": "
                    + (f.cause() == null ? "no answer" : f.cause().getMessage()));
        }
        return f.channel();
    }

    /** The last handler of either pipeline: lines or frames to the sink, loss reported once. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        private final String which;
        private final Sink sink;
        private final Consumer<String> lost;
        /** Set while a decoder is being replaced: the bytes it held are a cut-off frame, not a frame. */
        private boolean discarding;

        Reader(String which, Sink sink, Consumer<String> lost) {
            this.which = which;
            this.sink = sink;
            this.lost = lost;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof String line) {
                sink.line(line.strip());
            } else if (msg instanceof ByteBuf buf) {
                try {
                    if (buf.isReadable() && !discarding) {
                        sink.frame(ByteBufUtil.getBytes(buf));
                    }
                } finally {
                    buf.release();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            lost.accept("the modem closed its " + which + " port");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // The boundary: a bad line or frame is reported and the connection goes on; anything else ends it.
            Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (root instanceof TooLongFrameException || root instanceof org.skywave.transport.FrameTooLongException) {
                sink.malformed("VARA " + which + " port: " + root.getMessage());
            } else {
                lost.accept("lost the modem's " + which + " port: " + cause);
                ctx.close();
            }
        }
    }

    String describe() {
        return describe;
    }

    /** Writes one command line; the CR is added by the line encoder. */
    void writeCommand(String line) {
        command.writeAndFlush(line);
    }

    /** Writes one Skywave frame; its 2-byte length is added by the prepender. */
    void writeFrame(byte[] frame) {
        data.writeAndFlush(Unpooled.wrappedBuffer(frame));
    }

    /** A new session starts with a new frame decoder, so that a frame cut off by the end of the last session does not spoil this one. */
    void restartFraming() {
        data.eventLoop().execute(() -> {
            // Removed (not replaced: a replacement would be handed the old one's bytes), the old decoder
            // passes on what it held; that is the cut-off frame, dropped by the reader meanwhile.
            if (!data.isActive()) {
                return;
            }
            dataReader.discarding = true;
            try {
                data.pipeline().remove("frameDecoder");
                data.pipeline().addFirst("frameDecoder",
                        new LengthPrefixFrameDecoder(LENGTH_FIELD_BYTES, VaraTransportConfig.MAX_MTU, FRAME_NAME));
            } finally {
                dataReader.discarding = false;
            }
        });
    }

    /** Closes both connections; the sink hears nothing more about them. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            command.close();
            data.close();
        }
    }

    /** Writes {@code line} and closes once it is out: the last word to a modem being left. */
    void closeAfter(String line) {
        if (closed.compareAndSet(false, true)) {
            command.writeAndFlush(line).addListener(f -> command.close());
            data.close();
        }
    }
}
