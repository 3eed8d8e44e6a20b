package org.skywave.bridge.config;

import java.util.Objects;

/**
 * One {@code [[node]]} entry: a blockchain node Skywave attaches to.
 *
 * @param name    unique node name, {@code [a-z0-9-]{1,32}}
 * @param kind    which adapter speaks to it
 * @param host    the node's host
 * @param port    the node's P2P port (for Bitcoin, the network's default if the URI has none)
 * @param network the Bitcoin network; null for JSON-lines nodes
 * @param uri     the URI as written
 * @param line    line of the {@code [[node]]} header in the file; 0 for nodes built in code
 */
public record NodeConfig(String name, Kind kind, String host, int port, Network network, String uri, int line) {

    /** Node adapters, named by URI scheme. */
    public enum Kind {
        /** Bitcoin P2P wire protocol: {@code bitcoin://host:port?network=regtest}. */
        BITCOIN("bitcoin"),
        /** Newline-delimited JSON in the Bunkercoin style: {@code jsonl://host:port}. */
        JSONL("jsonl");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        public String scheme() {
            return scheme;
        }
    }

    /** Bitcoin networks, with the P2P port their nodes listen on by default. */
    public enum Network {
        MAINNET(8333), TESTNET(18333), SIGNET(38333), REGTEST(18444);

        private final int defaultPort;

        Network(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }
    }

    public NodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(uri, "uri");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
        if ((kind == Kind.BITCOIN) != (network != null)) {
            throw new IllegalArgumentException("network must be given for bitcoin nodes only: " + kind + " " + network);
        }
    }
}
