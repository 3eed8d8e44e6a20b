package org.skywave.bridge.node.bitcoin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A Bitcoin P2P peer for unit tests, on 127.0.0.1: it answers a {@code version} with its own
 * (protocol 70015, as bcoin 1.0, with a {@code start_height} the test sets) and a {@code verack},
 * can send {@code headers} to its clients, and records the commands it received. It holds no
 * chain: the headers it sends are whatever the test builds.
 */
final class BitcoinTestPeer implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("bitcoin-peer", true));
    private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Channel server;
    private volatile int startHeight;

    BitcoinTestPeer(int startHeight) throws InterruptedException {
        this.startHeight = startHeight;
        int magic = BitcoinNetwork.REGTEST.magic();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        ch.pipeline().addLast(new BitcoinFrameDecoder(magic), new BitcoinFrameEncoder(magic), new Handler());
                    }
                });
        try {
            server = bootstrap.bind("127.0.0.1", 0).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT.toMillis());
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The height the next connection's {@code version} reports. */
    void startHeight(int height) {
        startHeight = height;
    }

    List<String> received() {
        return List.copyOf(received);
    }

    /** Sends {@code headers} to every client and waits until written. */
    void sendHeaders(List<byte[]> headers) {
        if (!clients.writeAndFlush(HeadersPayload.toMessage(headers)).awaitUninterruptibly(WAIT.toMillis())) {
            throw new AssertionError("peer could not write headers within " + WAIT);
        }
    }

    /** Drops every client, as a restarting node would. */
    void disconnectAll() {
        clients.close().awaitUninterruptibly(WAIT.toMillis());
    }

    /** An 80-byte header on top of {@code parentHash} (internal byte order); {@code nonce} tells siblings apart. No proof of work. */
    static byte[] header(byte[] parentHash, int nonce) {
        byte[] header = new byte[BitcoinHashes.BLOCK_HEADER_LENGTH];
        header[0] = 4; // version 4, little-endian
        System.arraycopy(parentHash, 0, header, 4, 32);
        header[76] = (byte) nonce;
        header[77] = (byte) (nonce >>> 8);
        header[78] = (byte) (nonce >>> 16);
        header[79] = (byte) (nonce >>> 24);
        return header;
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(WAIT.toMillis());
        clients.close().awaitUninterruptibly(WAIT.toMillis());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(WAIT.toMillis());
    }

    private final class Handler extends SimpleChannelInboundHandler<BitcoinMessage> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BitcoinMessage message) {
            received.add(message.command());
            if (BitcoinCommand.VERSION.equals(message.command())) {
                VersionPayload ours = new VersionPayload(70015, VersionPayload.NODE_NETWORK | VersionPayload.NODE_WITNESS,
                        1_750_000_000L, NetworkAddress.unspecified(), NetworkAddress.unspecified(), 0x5EED_0001L,
                        "/bcoin:v1.0.2/", startHeight, true);
                ctx.write(ours.toMessage());
                ctx.writeAndFlush(SmallPayloads.empty(BitcoinCommand.VERACK));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
