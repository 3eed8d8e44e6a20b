package org.skywave.bridge.node.jsonl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.skywave.bridge.testing.Waits;

/**
 * A JSON-lines node for tests, on 127.0.0.1: it speaks the protocol of
 * {@code /work/shared/specs/bunkercoin-jsonl.md} as the design's {@code handle_connection} does,
 * keeps a mempool and a chain, answers {@code GetMempool} and {@code GetChain}, takes
 * {@code NewTransaction} and {@code NewBlock}, can push either to its clients or send them any
 * bytes, and records every line it received.
 *
 * <p>It reads lines with Jackson's tree model, independently of the codec under test, and keeps
 * each transaction as the exact text between the envelope's colon and closing brace, so what it
 * stores and serves is what the adapter sent. (A real serde node would re-serialise; the adapter
 * must not depend on either.)
 */
final class JsonLinesTestPeer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    /** Much longer than the adapter's limits: the peer must see whatever the adapter sends. */
    private static final int MAX_LINE = 4 * 1024 * 1024;

    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("jsonl-peer-boss", true));
    private final EventLoopGroup workers = new NioEventLoopGroup(1, new DefaultThreadFactory("jsonl-peer", true));
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<String> mempool = new CopyOnWriteArrayList<>();
    private final List<String> chain = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger malformed = new AtomicInteger();
    private volatile boolean answering = true;
    private final Channel server;
    private final int port;

    private JsonLinesTestPeer(int wantedPort) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        clients.add(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new Handler());
                    }
                });
        try {
            server = bootstrap.bind("127.0.0.1", wantedPort).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            shutDownGroups();
            throw e;
        }
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A peer on a free port. */
    static JsonLinesTestPeer start() throws InterruptedException {
        return new JsonLinesTestPeer(0);
    }

    /** A peer on {@code port}, as after a restart. */
    static JsonLinesTestPeer start(int port) throws InterruptedException {
        return new JsonLinesTestPeer(port);
    }

    int port() {
        return port;
    }

    String uri() {
        return "jsonl://127.0.0.1:" + port;
    }

    /** Whether {@code GetMempool} and {@code GetChain} get an answer (default true). */
    void answering(boolean answer) {
        answering = answer;
    }

    void addToMempool(String rawTx) {
        if (!mempool.contains(rawTx)) {
            mempool.add(rawTx);
        }
    }

    List<String> mempool() {
        return List.copyOf(mempool);
    }

    List<String> chain() {
        return List.copyOf(chain);
    }

    /** Every line received, on any connection, in order, as UTF-8 text. */
    List<String> received() {
        return List.copyOf(received);
    }

    int connectionsAccepted() {
        return connections.get();
    }

    int malformedReceived() {
        return malformed.get();
    }

    /** Adds to the mempool and relays to every client, as the design does on a new transaction. */
    void pushTransaction(String rawTx) {
        addToMempool(rawTx);
        sendLine("{\"NewTransaction\":" + rawTx + "}");
    }

    void pushBlock(String rawBlock) {
        chain.add(rawBlock);
        sendLine("{\"NewBlock\":" + rawBlock + "}");
    }

    /** Adds to the chain without telling the clients. */
    void addToChain(String rawBlock) {
        chain.add(rawBlock);
    }

    /** Sends the whole chain to every client unasked, as a node does that shares its chain. */
    void pushChain() {
        sendLine("{\"Chain\":[" + String.join(",", new ArrayList<>(chain)) + "]}");
    }

    void sendLine(String line) {
        sendLine(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code bytes} and a newline to every client, whatever they are, and waits until written. */
    void sendLine(byte[] bytes) {
        byte[] line = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, line, 0, bytes.length);
        line[bytes.length] = '\n';
        if (!clients.writeAndFlush(Unpooled.wrappedBuffer(line)).awaitUninterruptibly(WAIT.toMillis())) {
            throw new AssertionError("peer could not write " + line.length + " bytes within " + WAIT);
        }
    }

    /** Waits for {@code condition}, polling, at most {@code timeout}; true if it held. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        return Waits.until(timeout, condition);
    }

    /** Waits until {@code count} lines equal to {@code line} were received. */
    boolean awaitReceived(String line, int count) {
        return await(WAIT, () -> received.stream().filter(line::equals).count() >= count);
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(WAIT.toMillis());
        clients.close().awaitUninterruptibly(WAIT.toMillis());
        shutDownGroups();
    }

    private void shutDownGroups() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT.toMillis());
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT.toMillis());
    }

    private final class Handler extends SimpleChannelInboundHandler<ByteBuf> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            String line = new String(ByteBufUtil.getBytes(frame), StandardCharsets.UTF_8);
            try {
                handle(ctx, line);
            } finally {
                // Recorded once handled, so a test that saw the line also sees its effect.
                received.add(line);
            }
        }

        private void handle(ChannelHandlerContext ctx, String line) {
            JsonNode message;
            try {
                message = mapper.readTree(line);
            } catch (Exception e) {
                malformed.incrementAndGet();
                return;
            }
            if (message != null && message.isTextual()) {
                switch (message.asText()) {
                    case "GetMempool" -> reply(ctx, "Mempool", mempool);
                    case "GetChain" -> reply(ctx, "Chain", chain);
                    default -> malformed.incrementAndGet();
                }
            } else if (message != null && message.isObject() && message.size() == 1) {
                String name = message.fieldNames().next();
                String value = envelopeValue(line);
                switch (name) {
                    case "NewTransaction" -> addToMempool(value);
                    case "NewBlock" -> chain.add(value);
                    case "Mempool", "Chain" -> { }
                    default -> malformed.incrementAndGet();
                }
            } else {
                malformed.incrementAndGet();
            }
        }

        private void reply(ChannelHandlerContext ctx, String name, List<String> values) {
            if (answering) {
                ctx.writeAndFlush(Unpooled.copiedBuffer("{\"" + name + "\":[" + String.join(",", new ArrayList<>(values)) + "]}\n",
                        StandardCharsets.UTF_8));
            }
        }

        /** The exact text of the value in {@code {"Name":<value>}}: no key holds a colon, and the line ends with the brace. */
        private String envelopeValue(String line) {
            return line.substring(line.indexOf(':') + 1, line.lastIndexOf('}')).strip();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            malformed.incrementAndGet();
            ctx.close();
        }
    }
}
