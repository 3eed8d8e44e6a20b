package org.skywave.bridge.node.jsonl;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/**
 * Where and how to reach a JSON-lines node, usually from a URI such as {@code jsonl://127.0.0.1:7000}
 * (port 7000, the design's default, if none is given). One parameter: {@code max-line-bytes}, the
 * longest line accepted from the node ({@link JsonLinesCodec#DEFAULT_MAX_LINE_BYTES} by default), for
 * nodes whose mempool replies outgrow it.
 */
public record JsonLinesNodeConfig(String host, int port, int maxLineBytes, Duration connectTimeout,
                                  Duration submitTimeout, Duration queryTimeout,
                                  Duration minReconnectDelay, Duration maxReconnectDelay) {

    public static final String SCHEME = "jsonl";
    /** The design's TCP P2P port [Bunkercoin docs]. */
    public static final int DEFAULT_PORT = 7000;
    public static final String MAX_LINE_PARAM = "max-line-bytes";
    private static final Set<String> PARAMS = Set.of(MAX_LINE_PARAM);

    public JsonLinesNodeConfig {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
        if (maxLineBytes < JsonLinesCodec.MIN_MAX_LINE_BYTES || maxLineBytes > JsonLinesCodec.MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes outside " + JsonLinesCodec.MIN_MAX_LINE_BYTES + ".."
                    + JsonLinesCodec.MAX_MAX_LINE_BYTES + ": " + maxLineBytes);
        }
        for (Duration d : new Duration[] {connectTimeout, submitTimeout, queryTimeout, minReconnectDelay, maxReconnectDelay}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("maxReconnectDelay " + maxReconnectDelay + " < minReconnectDelay " + minReconnectDelay);
        }
    }

    /** Defaults for everything but host and port. */
    public static JsonLinesNodeConfig of(String host, int port) {
        return new JsonLinesNodeConfig(host, port, JsonLinesCodec.DEFAULT_MAX_LINE_BYTES, Duration.ofSeconds(10),
                Duration.ofSeconds(60), Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static JsonLinesNodeConfig fromUri(String uri) throws LinkUriException {
        return fromUri(LinkUri.parse(uri));
    }

    public static JsonLinesNodeConfig fromUri(LinkUri uri) throws LinkUriException {
        if (!SCHEME.equals(uri.scheme())) {
            throw new LinkUriException("node URI '" + uri + "' must use the jsonl:// scheme, as in jsonl://127.0.0.1:" + DEFAULT_PORT);
        }
        String host = uri.requireHost();
        if (uri.path() != null && !uri.path().equals("/")) {
            throw new LinkUriException("node URI '" + uri + "' has a path or name '" + uri.path()
                    + "', but jsonl takes only host and port, as in jsonl://127.0.0.1:" + DEFAULT_PORT);
        }
        uri.checkParams(PARAMS);
        int port = uri.port() < 0 ? DEFAULT_PORT : uri.requirePort();
        int maxLine = uri.intParam(MAX_LINE_PARAM, JsonLinesCodec.DEFAULT_MAX_LINE_BYTES,
                JsonLinesCodec.MIN_MAX_LINE_BYTES, JsonLinesCodec.MAX_MAX_LINE_BYTES);
        return of(host, port).withMaxLineBytes(maxLine);
    }

    public JsonLinesNodeConfig withMaxLineBytes(int bytes) {
        return new JsonLinesNodeConfig(host, port, bytes, connectTimeout, submitTimeout, queryTimeout, minReconnectDelay, maxReconnectDelay);
    }

    public JsonLinesNodeConfig withReconnectDelays(Duration min, Duration max) {
        return new JsonLinesNodeConfig(host, port, maxLineBytes, connectTimeout, submitTimeout, queryTimeout, min, max);
    }

    public JsonLinesNodeConfig withTimeouts(Duration submit, Duration query) {
        return new JsonLinesNodeConfig(host, port, maxLineBytes, connectTimeout, submit, query, minReconnectDelay, maxReconnectDelay);
    }

    /** {@code jsonl://host:port}, for logs. */
    public String describe() {
        return SCHEME + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
