package org.skywave.transport.tcp;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/**
 * The settings of one TCP link, read from its URI: {@code tcp://host:port} dials out,
 * {@code tcp-listen://host:port} accepts (port 0 picks a free one).
 *
 * @param host           host to dial, or address to listen on
 * @param port           port to dial (1..65535) or listen on (0..65535)
 * @param listen         true for {@code tcp-listen}
 * @param maxFrame       largest frame payload accepted or sent, in bytes ({@code maxframe})
 * @param keepalive      write idleness after which an empty frame is sent; zero turns keep-alive off
 *                       ({@code keepalive}, seconds). A peer silent for three times this is dropped.
 * @param reconnectMin   first reconnect delay of a {@code tcp} client ({@code reconnect-min}, ms)
 * @param reconnectMax   ceiling of the reconnect delay ({@code reconnect-max}, ms)
 */
public record TcpTransportConfig(String host, int port, boolean listen, int maxFrame, Duration keepalive,
                                 Duration reconnectMin, Duration reconnectMax) {

    public static final String SCHEME_CONNECT = "tcp";
    public static final String SCHEME_LISTEN = "tcp-listen";

    /** 64 KiB: a whole Skywave message of ordinary size, and the TCP profile's MTU. */
    public static final int DEFAULT_MAX_FRAME = 65_536;
    /** Below 16 bytes not even a frame header and a short message fit. */
    public static final int MIN_MAX_FRAME = 16;
    /** 16 MiB: a full block with room; the heap target (64 MiB) rules out more per peer. */
    public static final int MAX_MAX_FRAME = 16 * 1024 * 1024;
    /** Well under the usual NAT and firewall idle timeouts (minutes). */
    public static final int DEFAULT_KEEPALIVE_SECONDS = 30;
    public static final int MAX_KEEPALIVE_SECONDS = 86_400;
    public static final long DEFAULT_RECONNECT_MIN_MS = 500;
    public static final long DEFAULT_RECONNECT_MAX_MS = 30_000;
    /** A day: any longer and an operator would rather restart the link by hand. */
    public static final long MAX_RECONNECT_MS = 86_400_000;
    /** A peer that sent nothing for this many keep-alive periods is taken as gone. */
    public static final int SILENT_PERIODS_BEFORE_DROP = 3;

    static final Set<String> CONNECT_PARAMS = Set.of("maxframe", "keepalive", "reconnect-min", "reconnect-max");
    static final Set<String> LISTEN_PARAMS = Set.of("maxframe", "keepalive");

    public TcpTransportConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(reconnectMin, "reconnectMin");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (maxFrame < MIN_MAX_FRAME || maxFrame > MAX_MAX_FRAME) {
            throw new IllegalArgumentException("maxFrame outside " + MIN_MAX_FRAME + ".." + MAX_MAX_FRAME + ": " + maxFrame);
        }
        if (reconnectMin.compareTo(reconnectMax) > 0) {
            throw new IllegalArgumentException("reconnectMin " + reconnectMin + " > reconnectMax " + reconnectMax);
        }
    }

    /** Reads and checks every part of {@code uri}; the error names the URI, the parameter and the problem. */
    public static TcpTransportConfig from(LinkUri uri) throws LinkUriException {
        boolean listen;
        if (SCHEME_CONNECT.equals(uri.scheme())) {
            listen = false;
        } else if (SCHEME_LISTEN.equals(uri.scheme())) {
            listen = true;
        } else {
            throw new LinkUriException("link URI '" + uri + "': scheme '" + uri.scheme() + "' is not "
                    + SCHEME_CONNECT + " or " + SCHEME_LISTEN);
        }
        String host = uri.requireHost();
        int port;
        if (listen) {
            // requirePort refuses 0, which a listener may use to ask for any free port.
            if (uri.port() < 0) {
                throw new LinkUriException("link URI '" + uri + "' needs a port, as in " + SCHEME_LISTEN + "://" + host
                        + ":PORT (0 picks a free one)");
            }
            port = uri.port();
            if (port > 65535) {
                throw new LinkUriException("link URI '" + uri + "': port " + port + " is outside 0..65535");
            }
        } else {
            port = uri.requirePort();
        }
        uri.checkParams(listen ? LISTEN_PARAMS : CONNECT_PARAMS);
        int maxFrame = uri.intParam("maxframe", DEFAULT_MAX_FRAME, MIN_MAX_FRAME, MAX_MAX_FRAME);
        int keepalive = uri.intParam("keepalive", DEFAULT_KEEPALIVE_SECONDS, 0, MAX_KEEPALIVE_SECONDS);
        long min = uri.longParam("reconnect-min", DEFAULT_RECONNECT_MIN_MS, 1, MAX_RECONNECT_MS);
        long max = uri.longParam("reconnect-max", Math.max(DEFAULT_RECONNECT_MAX_MS, min), 1, MAX_RECONNECT_MS);
        if (min > max) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'reconnect-min' (" + min
                    + " ms) must not exceed 'reconnect-max' (" + max + " ms)");
        }
        return new TcpTransportConfig(host, port, listen, maxFrame, Duration.ofSeconds(keepalive),
                Duration.ofMillis(min), Duration.ofMillis(max));
    }

    /** True unless {@code keepalive=0}. */
    public boolean keepaliveEnabled() {
        return !keepalive.isZero();
    }

    /** How long a peer may stay silent before it is dropped. */
    public Duration silenceLimit() {
        return keepalive.multipliedBy(SILENT_PERIODS_BEFORE_DROP);
    }
}
