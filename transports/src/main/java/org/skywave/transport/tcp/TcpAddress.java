package org.skywave.transport.tcp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import org.skywave.transport.LinkAddress;

/** A TCP peer: host (literal address) and port; prints as {@code host:port}, IPv6 in brackets. */
public record TcpAddress(String host, int port) implements LinkAddress {

    public TcpAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port outside 0..65535: " + port);
        }
    }

    /** The address of a connected socket's peer, by its literal IP (no name lookup). */
    public static TcpAddress of(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            int zone = host.indexOf('%');
            return new TcpAddress(zone < 0 ? host : host.substring(0, zone), inet.getPort());
        }
        // In-process channels (tests) have no IP address; their printed form is all there is.
        return new TcpAddress(String.valueOf(address), 0);
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
