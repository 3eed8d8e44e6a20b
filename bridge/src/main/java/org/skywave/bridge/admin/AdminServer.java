package org.skywave.bridge.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.config.AdminConfig;
import org.tinylog.Logger;

/**
 * The admin HTTP API of one station (see the package description for the endpoints). One Netty
 * event loop thread serves it; request lines, headers and bodies are bounded, idle connections
 * are closed, and requests that change state need the token of the configured token file.
 *
 * <p>Endpoints: {@code GET /} (HTML status page), {@code GET /status} (JSON), {@code GET /metrics}
 * (Prometheus text), {@code POST /tx} (raw transaction hex; {@code ?network=}; answers 202 once it
 * is durable), {@code GET /tx/<id>} (progress across links, JSON).
 */
public final class AdminServer implements AutoCloseable {

    /** Longest request line: a path and a short query; far more than any admin URL. */
    static final int MAX_INITIAL_LINE_BYTES = 4_096;

    /** All headers together: Netty's default, ample for a bearer token and a browser's headers. */
    static final int MAX_HEADER_BYTES = 8_192;

    /** Connections without a byte either way for this long are closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** How long a request waits for the station (status, a durable commit) before a 504. */
    static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(30);

    private final EventLoopGroup group;
    private final Channel channel;
    private final InetSocketAddress address;
    private final boolean acceptsSubmissions;

    private AdminServer(EventLoopGroup group, Channel channel, boolean acceptsSubmissions) {
        this.group = group;
        this.channel = channel;
        this.address = (InetSocketAddress) channel.localAddress();
        this.acceptsSubmissions = acceptsSubmissions;
    }

    /** Starts the API on {@code config}'s address with its token file. */
    public static AdminServer start(AdminConfig config, AdminBackend backend) throws IOException {
        return start(config.host(), config.port(), config.tokenFile(), backend);
    }

    /**
     * Starts the API on {@code host:port} (port 0: any free port, see {@link #port()}).
     *
     * @param tokenFile the file holding the token, or null to refuse every request that changes state
     * @throws IOException if the token file cannot be used or the address cannot be bound, naming which
     */
    public static AdminServer start(String host, int port, Path tokenFile, AdminBackend backend) throws IOException {
        return start(host, port, tokenFile == null ? null : AdminToken.load(tokenFile), backend);
    }

    /** As {@link #start(String, int, Path, AdminBackend)} with the token already read (null: none). */
    static AdminServer start(String host, int port, AdminToken token, AdminBackend backend) throws IOException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backend, "backend");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port outside 0..65535: " + port);
        }
        AdminHttpHandler handler = new AdminHttpHandler(backend, token, BACKEND_TIMEOUT);
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("skywave-admin", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline pipeline = ch.pipeline();
                        pipeline.addLast(new IdleStateHandler(0, 0, IDLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                        pipeline.addLast(new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, 8_192));
                        pipeline.addLast(new BoundedBodyAggregator(TxRequest.MAX_BODY_BYTES));
                        pipeline.addLast(handler);
                    }
                });
        ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Throwable cause = bound.cause();
            throw new IOException("admin API cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
        }
        AdminServer server = new AdminServer(group, bound.channel(), token != null);
        Logger.info("admin: listening on {}{}", server.uri(),
                token != null ? "" : " (no token file: submitting is disabled)");
        return server;
    }

    /** The address actually bound. */
    public InetSocketAddress address() {
        return address;
    }

    /** The port actually bound (useful after asking for port 0). */
    public int port() {
        return address.getPort();
    }

    /** {@code http://host:port}, IPv6 hosts in brackets. */
    public URI uri() {
        String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Whether a token file was given, so that {@code POST /tx} can succeed. */
    public boolean acceptsSubmissions() {
        return acceptsSubmissions;
    }

    /** Stops listening, closes open connections and the event loop; waits up to two seconds. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
