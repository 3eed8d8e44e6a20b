package org.skywave.bridge.node.bitcoin;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/**
 * Where and how to reach a Bitcoin node, usually from a URI such as
 * {@code bitcoin://127.0.0.1:18444?network=regtest}. Parameters: {@code network} (mainnet, testnet3,
 * signet, regtest; default mainnet), {@code magic} (eight hex digits of the wire bytes, for custom
 * signets), {@code fetch-blocks} (true to fetch every announced block for {@link
 * org.skywave.bridge.node.NodeListener#onBlock}; default false, since blocks are costly on radio).
 */
public record BitcoinNodeConfig(String host, int port, BitcoinNetwork network, int magic, String userAgent,
                                boolean fetchBlocks, Duration connectTimeout, Duration handshakeTimeout,
                                Duration submitTimeout, Duration queryTimeout, Duration minReconnectDelay,
                                Duration maxReconnectDelay) {

    public static final String SCHEME = "bitcoin";
    public static final String DEFAULT_USER_AGENT = "/Skywave:0.1.0/";
    private static final Set<String> PARAMS = Set.of("network", "magic", "fetch-blocks");

    public BitcoinNodeConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(userAgent, "userAgent");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
        for (Duration d : new Duration[] {connectTimeout, handshakeTimeout, submitTimeout, queryTimeout, minReconnectDelay, maxReconnectDelay}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + d);
            }
        }
        if (maxReconnectDelay.compareTo(minReconnectDelay) < 0) {
            throw new IllegalArgumentException("maxReconnectDelay " + maxReconnectDelay + " < minReconnectDelay " + minReconnectDelay);
        }
    }

    /** Defaults for everything but host, port and network. */
    public static BitcoinNodeConfig of(String host, int port, BitcoinNetwork network) {
        return new BitcoinNodeConfig(host, port, network, network.magic(), DEFAULT_USER_AGENT, false,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(15),
                Duration.ofSeconds(1), Duration.ofSeconds(60));
    }

    public static BitcoinNodeConfig fromUri(String uri) throws LinkUriException {
        return fromUri(LinkUri.parse(uri));
    }

    public static BitcoinNodeConfig fromUri(LinkUri uri) throws LinkUriException {
        if (!SCHEME.equals(uri.scheme())) {
            throw new LinkUriException("node URI '" + uri + "' must use the bitcoin:// scheme, as in bitcoin://127.0.0.1:8333?network=mainnet");
        }
        uri.checkParams(PARAMS);
        String host = uri.requireHost();
        BitcoinNetwork network;
        try {
            network = BitcoinNetwork.fromName(uri.stringParam("network", "mainnet"));
        } catch (IllegalArgumentException e) {
            throw new LinkUriException("node URI '" + uri + "': " + e.getMessage());
        }
        int port = uri.port() < 0 ? network.defaultPort() : uri.requirePort();
        int magic = network.magic();
        String magicText = uri.params().get("magic");
        if (magicText != null) {
            try {
                magic = BitcoinNetwork.magicFromWireHex(magicText);
            } catch (IllegalArgumentException e) {
                throw new LinkUriException("node URI '" + uri + "': parameter 'magic' " + e.getMessage());
            }
        }
        String fetch = uri.stringParam("fetch-blocks", "false");
        if (!fetch.equals("true") && !fetch.equals("false")) {
            throw new LinkUriException("node URI '" + uri + "': parameter 'fetch-blocks' must be true or false (got '" + fetch + "')");
        }
        BitcoinNodeConfig defaults = of(host, port, network);
        return defaults.withMagic(magic).withFetchBlocks(Boolean.parseBoolean(fetch));
    }

    public BitcoinNodeConfig withMagic(int newMagic) {
        return new BitcoinNodeConfig(host, port, network, newMagic, userAgent, fetchBlocks, connectTimeout, handshakeTimeout,
                submitTimeout, queryTimeout, minReconnectDelay, maxReconnectDelay);
    }

    public BitcoinNodeConfig withFetchBlocks(boolean fetch) {
        return new BitcoinNodeConfig(host, port, network, magic, userAgent, fetch, connectTimeout, handshakeTimeout,
                submitTimeout, queryTimeout, minReconnectDelay, maxReconnectDelay);
    }

    public BitcoinNodeConfig withReconnectDelays(Duration min, Duration max) {
        return new BitcoinNodeConfig(host, port, network, magic, userAgent, fetchBlocks, connectTimeout, handshakeTimeout,
                submitTimeout, queryTimeout, min, max);
    }

    public BitcoinNodeConfig withTimeouts(Duration submit, Duration query) {
        return new BitcoinNodeConfig(host, port, network, magic, userAgent, fetchBlocks, connectTimeout, handshakeTimeout,
                submit, query, minReconnectDelay, maxReconnectDelay);
    }

    /** {@code host:port (network)}, for logs. */
    public String describe() {
        return host + ":" + port + " (" + network.uriName() + ", magic " + BitcoinNetwork.magicToWireHex(magic) + ")";
    }
}
