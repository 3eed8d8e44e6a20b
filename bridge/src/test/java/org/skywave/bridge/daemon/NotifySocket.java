package org.skywave.bridge.daemon;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * The receiving end of sd_notify(3) as systemd has it: an AF_UNIX datagram socket bound at a path
 * (or an abstract name), read one notice per datagram.
 */
public final class NotifySocket implements AutoCloseable {

    private final AFUNIXDatagramSocket socket;
    private final String name;

    private NotifySocket(AFUNIXDatagramSocket socket, String name) {
        this.socket = socket;
        this.name = name;
    }

    /** Bound at {@code path}; {@link #path()} is the value for {@code NOTIFY_SOCKET}. */
    public static NotifySocket bind(Path path) throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(AFUNIXSocketAddress.of(path));
        return new NotifySocket(socket, path.toString());
    }

    /** Bound at an abstract name; {@link #path()} is then {@code @name}, as systemd writes it. */
    public static NotifySocket bindAbstract(String abstractName) throws IOException {
        AFUNIXDatagramSocket socket = AFUNIXDatagramSocket.newInstance();
        socket.bind(AFUNIXSocketAddress.inAbstractNamespace(abstractName));
        return new NotifySocket(socket, "@" + abstractName);
    }

    /** What {@code NOTIFY_SOCKET} should say. */
    public Path path() {
        return Path.of(name);
    }

    /** The next notice, or null if none came within {@code timeout}. */
    public String receive(Duration timeout) throws IOException {
        byte[] buffer = new byte[SystemdNotify.MAX_NOTICE_BYTES];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            return null;
        }
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
    }

    /** Reads notices until one starts with {@code prefix}; fails after {@code timeout}, listing what came. */
    public String await(String prefix, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String notice = receive(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (notice != null) {
                if (notice.startsWith(prefix)) {
                    return notice;
                }
                seen.append(notice.replace('\n', '|')).append('\n');
            }
        }
        throw new AssertionError("no notice starting with " + prefix + " within " + timeout + "; got:\n" + seen);
    }

    @Override
    public void close() {
        socket.close();
    }
}
