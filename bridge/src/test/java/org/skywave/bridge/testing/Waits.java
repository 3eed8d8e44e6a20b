package org.skywave.bridge.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits for tests that run real threads and sockets: every wait has a deadline. */
public final class Waits {

    private static final long POLL_MILLIS = 10;

    private Waits() {
    }

    /** Polls {@code condition} for at most {@code timeout}; true if it held. */
    public static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** As {@link #until}, failing the test with {@code what} if {@code condition} did not hold in time. */
    public static void untilOrFail(Duration timeout, BooleanSupplier condition, String what) {
        if (!until(timeout, condition)) {
            throw new AssertionError("not within " + timeout + ": " + what);
        }
    }

    /** The result of {@code future}, failing the test if it does not complete normally within {@code timeout}. */
    public static <T> T result(CompletableFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        } catch (Exception e) {
            throw new AssertionError("no result within " + timeout, e);
        }
    }

    /** A TCP port on the loopback address that was free a moment ago. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
