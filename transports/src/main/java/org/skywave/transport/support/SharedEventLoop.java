package org.skywave.transport.support;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * The Netty event-loop group a transport shares among its links: made on the first
 * {@link #get()}, so a transport that opens nothing starts no thread, and stopped once by
 * {@link #shutdown()}, after which {@link #get()} refuses.
 */
public final class SharedEventLoop {

    private final String transportName;
    private final int threads;
    private final String threadPrefix;
    private final Duration stopTimeout;
    private EventLoopGroup group;
    private boolean shutDown;

    /**
     * @param transportName names the transport in the error once it is shut down ("VARA transport is shut down")
     * @param threads event-loop threads
     * @param threadPrefix prefix of the (daemon) thread names
     * @param stopTimeout how long {@link #shutdown()} lets the loops finish their tasks
     */
    public SharedEventLoop(String transportName, int threads, String threadPrefix, Duration stopTimeout) {
        this.transportName = Objects.requireNonNull(transportName, "transportName");
        this.threadPrefix = Objects.requireNonNull(threadPrefix, "threadPrefix");
        this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    /** The group, made now if this is the first call; fails once {@link #shutdown()} was called. */
    public synchronized EventLoopGroup get() throws TransportException {
        if (shutDown) {
            throw new TransportException(transportName + " transport is shut down");
        }
        if (group == null) {
            group = new NioEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true));
        }
        return group;
    }

    /** {@link #shutdown(Runnable)} with nothing to do between refusing and stopping. */
    public boolean shutdown() {
        return shutdown(() -> { });
    }

    /**
     * Refuses later {@link #get()} calls, runs {@code beforeStop} (close the links that use the
     * loops), then stops the loops: no quiet period, and a wait of the stop timeout plus a second
     * at most. Idempotent.
     *
     * @return false if it had already been called (then {@code beforeStop} does not run)
     */
    public boolean shutdown(Runnable beforeStop) {
        EventLoopGroup loops;
        synchronized (this) {
            if (shutDown) {
                return false;
            }
            shutDown = true;
            loops = group;
            group = null;
        }
        beforeStop.run();
        long waitMillis = stopTimeout.toMillis() + 1_000;
        if (loops != null && !loops.shutdownGracefully(0, stopTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(waitMillis, TimeUnit.MILLISECONDS)) {
            Logger.warn("{} event loops did not stop within {} ms", transportName, waitMillis);
        }
        return true;
    }
}
