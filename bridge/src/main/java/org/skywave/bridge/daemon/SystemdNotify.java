package org.skywave.bridge.daemon;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.tinylog.Logger;

/**
 * Tells systemd how the service stands, as sd_notify(3) describes: one datagram of
 * newline-separated {@code KEY=VALUE} assignments to the AF_UNIX socket named by
 * {@code NOTIFY_SOCKET} (a path, or an abstract name written with a leading {@code @}).
 *
 * <p>Without {@code NOTIFY_SOCKET} (not started by systemd, or not {@code Type=notify}) every
 * method does nothing. A notice that cannot be sent is logged once and never stops the station:
 * the service manager, not the station, decides what a missing notice means.
 */
public final class SystemdNotify implements AutoCloseable {

    /** Longest notice we send; far under the datagram limit, and systemd reads at most a page. */
    static final int MAX_NOTICE_BYTES = 4_096;

    private final SocketAddress target;
    private final String describedTarget;
    private final Duration watchdogInterval;
    private AFUNIXDatagramChannel channel;
    private boolean failureLogged;

    private SystemdNotify(SocketAddress target, String describedTarget, Duration watchdogInterval) {
        this.target = target;
        this.describedTarget = describedTarget;
        this.watchdogInterval = watchdogInterval;
    }

    /**
     * From the process environment: {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC} (with
     * {@code WATCHDOG_PID}, when set, naming this process).
     *
     * @throws IOException if {@code NOTIFY_SOCKET} is set but is no usable AF_UNIX address
     */
    public static SystemdNotify fromEnvironment(Map<String, String> env, long pid) throws IOException {
        String socketName = env.get("NOTIFY_SOCKET");
        Duration watchdog = watchdogInterval(env, pid);
        if (socketName == null || socketName.isEmpty()) {
            return new SystemdNotify(null, "none", watchdog);
        }
        SocketAddress address;
        if (socketName.startsWith("@")) {
            address = AFUNIXSocketAddress.inAbstractNamespace(socketName.substring(1));
        } else if (socketName.startsWith("/")) {
            address = AFUNIXSocketAddress.of(Path.of(socketName));
        } else {
            throw new IOException("NOTIFY_SOCKET is neither a path nor an abstract name (@...): " + socketName);
        }
        return new SystemdNotify(address, socketName, watchdog);
    }

    /**
     * Half of {@code WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises, or empty if the service
     * has no watchdog or the watchdog is meant for another process.
     */
    static Duration watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String watchdogPid = env.get("WATCHDOG_PID");
        if (usec == null || watchdogPid != null && !watchdogPid.equals(Long.toString(pid))) {
            return null;
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Duration.ofNanos(micros * 1_000 / 2) : null;
        } catch (NumberFormatException e) {
            Logger.warn("systemd: ignoring WATCHDOG_USEC={}: not a number of microseconds", usec);
            return null;
        }
    }

    /** Whether notices go anywhere. */
    public boolean enabled() {
        return target != null;
    }

    /** How often to send {@link #watchdog()}, if systemd watches this process. */
    public Optional<Duration> watchdogInterval() {
        return Optional.ofNullable(watchdogInterval);
    }

    /** Start-up finished: every link and node is started. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** Reading the config again; follow with {@link #ready(String)}. */
    public void reloading(String status) {
        send("RELOADING=1\nSTATUS=" + oneLine(status));
    }

    /** Shutting down on request. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping");
    }

    /** The station is alive; systemd restarts the service if these stop coming. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** Sends one notice; thread-safe, since the watchdog fires from the station thread. */
    synchronized void send(String notice) {
        if (target == null) {
            return;
        }
        byte[] bytes = notice.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_NOTICE_BYTES) {
            throw new IllegalArgumentException("notice of " + bytes.length + " bytes exceeds " + MAX_NOTICE_BYTES);
        }
        try {
            if (channel == null) {
                channel = AFUNIXDatagramChannel.open();
            }
            channel.send(ByteBuffer.wrap(bytes), target);
        } catch (IOException e) {
            if (!failureLogged) {
                failureLogged = true;
                Logger.warn("systemd: cannot notify {}: {} (further failures not logged)", describedTarget, e.getMessage());
            }
        }
    }

    private static String oneLine(String text) {
        return Objects.requireNonNull(text, "text").replace('\n', ' ');
    }

    @Override
    public synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                Logger.warn("systemd: closing the notify socket failed: {}", e.getMessage());
            }
            channel = null;
        }
    }
}
