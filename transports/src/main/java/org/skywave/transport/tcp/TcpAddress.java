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

    /**
     * Parses {@code host:port}, an IPv6 host in brackets ({@code [::1]:8333}), as
     * {@link #toString()} prints it; the error names the text and the expected form.
     */
    public static TcpAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("TCP address '" + text + "' is not host:port (e.g. 127.0.0.1:8333 or [::1]:8333)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("TCP address '" + text + "': an IPv6 host goes in brackets, as in [::1]:8333");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("TCP address '" + text + "': port '" + text.substring(colon + 1) + "' is not a number");
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP address '" + text + "': needs a host and a port in 1..65535");
        }
        return new TcpAddress(host, port);
    }

    /** The IP address alone (IPv6 in brackets): every connection from one host is one peer. */
    @Override
    public String peerKey() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
