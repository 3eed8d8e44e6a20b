package org.skywave.bridge.daemon;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask the daemon to stop, SIGHUP to read its config again. The handlers only
 * queue the request: the daemon's main thread, which also runs start-up, acts on it between two
 * steps, so start-up and shutdown never run at once, and a stop on request exits with status 0.
 *
 * <p>The JVM's own handlers would run shutdown hooks concurrently with start-up, exit with
 * status 143, and end the process on SIGHUP; {@code sun.misc.Signal} (module jdk.unsupported, kept
 * for exactly this use) is the only way to replace them.
 */
public final class DaemonSignals {

    /** What a signal asks for. */
    public enum Request { STOP, RELOAD }

    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private volatile boolean stopRequested;

    private DaemonSignals() {
    }

    /** Installs the handlers for this process; from now on SIGTERM no longer ends the JVM by itself. */
    public static DaemonSignals install() {
        DaemonSignals signals = new DaemonSignals();
        Signal.handle(new Signal("TERM"), s -> signals.request(Request.STOP));
        Signal.handle(new Signal("INT"), s -> signals.request(Request.STOP));
        Signal.handle(new Signal("HUP"), s -> signals.request(Request.RELOAD));
        return signals;
    }

    /** Queues a request, as a signal does. */
    void request(Request request) {
        if (request == Request.STOP) {
            stopRequested = true;
        }
        requests.add(request);
    }

    /** Whether a stop was asked for; start-up checks this between its steps. */
    public boolean stopRequested() {
        return stopRequested;
    }

    /**
     * The next request, or null if none came within {@code timeout}. A stop, once asked for, is
     * returned before any reload still queued.
     */
    public Request next(Duration timeout) throws InterruptedException {
        Request request = requests.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        return stopRequested ? Request.STOP : request;
    }
}
