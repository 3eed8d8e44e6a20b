package org.skywave.bridge.node;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.skywave.transport.support.Backoff;
import org.tinylog.Logger;

/**
 * The life of a node adapter's one outbound TCP connection: its event-loop thread, dialling,
 * redialling with a delay that doubles from the minimum to the maximum, the {@link NodeState}
 * told to the listener, and shutting down. The adapter says what goes on each new connection
 * and when one is up or lost; its protocol state lives on {@link #loop()} too.
 */
public final class NodeConnection {

    /** Where and how to dial. */
    public record Dialling(String host, int port, Duration connectTimeout, Duration minReconnectDelay,
            Duration maxReconnectDelay, boolean tcpKeepAlive) {

        public Dialling {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(minReconnectDelay, "minReconnectDelay");
            Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        }
    }

    private final String label;
    private final String node;
    private final Dialling dialling;
    private final NodeListener listener;
    private final Runnable dial;
    private final EventLoopGroup group;
    private final EventLoop loop;

    // Confined to the event loop.
    private ScheduledFuture<?> reconnectTimer;
    private final Backoff redial;
    private boolean started;
    private boolean closed;

    private volatile NodeState state = NodeState.CLOSED;

    /**
     * @param kind     what the node is, for the log ({@code Bitcoin node})
     * @param node     which node, for the log and the state details ({@code 127.0.0.1:18444})
     * @param dial     the adapter's dial: it calls {@link #dial(Consumer, BooleanSupplier)} with a new handler; run on the loop
     * @param threadName name of the event-loop thread
     */
    public NodeConnection(String kind, String node, Dialling dialling, NodeListener listener, Runnable dial, String threadName) {
        this.label = kind + " " + node;
        this.node = Objects.requireNonNull(node, "node");
        this.dialling = Objects.requireNonNull(dialling, "dialling");
        this.redial = new Backoff(dialling.minReconnectDelay(), dialling.maxReconnectDelay(), Backoff.Jitter.NONE, null);
        this.listener = Objects.requireNonNull(listener, "listener");
        this.dial = Objects.requireNonNull(dial, "dial");
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory(threadName, true));
        this.loop = group.next();
    }

    /** The thread the connection and the adapter's protocol state live on. */
    public EventLoop loop() {
        return loop;
    }

    public NodeState state() {
        return state;
    }

    /** True once {@link #close} began; read on the loop. */
    public boolean isClosed() {
        return closed;
    }

    /** Runs {@code task} on the loop; false if the loop no longer takes work (the adapter was closed). */
    public boolean execute(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Dials for the first time; later calls, and calls after {@link #close}, do nothing. */
    public void start() {
        execute(() -> {
            if (started || closed) {
                return;
            }
            started = true;
            dial.run();
        });
    }

    /**
     * Dials the node, with {@code pipeline} filling each new channel. If the dial fails and
     * {@code abandon} says this attempt is still the adapter's current one (letting it go), the
     * state goes DOWN and a redial follows. On the loop.
     */
    public void dial(Consumer<SocketChannel> pipeline, BooleanSupplier abandon) {
        if (closed) {
            return;
        }
        changeState(NodeState.CONNECTING, "dialling " + node);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) dialling.connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        pipeline.accept(ch);
                    }
                });
        if (dialling.tcpKeepAlive()) {
            bootstrap.option(ChannelOption.SO_KEEPALIVE, true);
        }
        bootstrap.connect(dialling.host(), dialling.port()).addListener(f -> {
            if (!f.isSuccess() && abandon.getAsBoolean()) {
                String reason = f.cause() == null ? "cancelled" : f.cause().getMessage();
                changeState(NodeState.DOWN, "cannot connect to " + node + ": " + reason);
                redialLater();
            }
        });
    }

    /** The connection proved good (a handshake, a valid message): the next loss redials after the minimum delay. On the loop. */
    public void proven() {
        redial.reset();
    }

    /** The connection is lost; unless closing, DOWN and a redial later. On the loop, after the adapter let the connection go. */
    public void lost(String reason) {
        if (closed) {
            return;
        }
        changeState(NodeState.DOWN, reason);
        redialLater();
    }

    /** Tells the listener of a new state (every DOWN, other states once). On the loop. */
    public void changeState(NodeState newState, String detail) {
        if (state == newState && newState != NodeState.DOWN) {
            return;
        }
        state = newState;
        Logger.info("{}: {} ({})", label, newState, detail);
        try {
            listener.onStateChanged(newState, detail);
        } catch (RuntimeException e) {
            Logger.warn(e, "{}: listener failed on state {}", label, newState);
        }
    }

    /**
     * Stops for good: on the loop, no more redials, then {@code release} (the adapter closes its
     * connection and fails what waits), then CLOSED; then the loop shuts down, waited for unless
     * called on it. Idempotent.
     */
    public void close(Runnable release) {
        if (loop.isShuttingDown()) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!execute(() -> {
            shutDownOnLoop(release);
            done.complete(null);
        })) {
            return;
        }
        if (!loop.inEventLoop()) {
            done.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        } else {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    private void shutDownOnLoop(Runnable release) {
        if (closed) {
            return;
        }
        closed = true;
        if (reconnectTimer != null) {
            reconnectTimer.cancel(false);
        }
        release.run();
        changeState(NodeState.CLOSED, "closed");
    }

    private void redialLater() {
        if (closed) {
            return;
        }
        long delay = redial.next().toMillis();
        Logger.info("{}: reconnecting in {} ms", label, delay);
        reconnectTimer = loop.schedule(dial, delay, TimeUnit.MILLISECONDS);
    }

}
