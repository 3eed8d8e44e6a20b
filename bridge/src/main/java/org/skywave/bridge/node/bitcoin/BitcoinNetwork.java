package org.skywave.bridge.node.bitcoin;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Bitcoin networks, with the magic that starts every message (Bitcoin Core {@code chainparams.cpp},
 * {@code pchMessageStart}) and Core's default P2P port. bcoin uses the same regtest magic
 * ({@code fa bf b5 da}) but listens on 48444 by default, so a regtest URI should always name its port.
 */
public enum BitcoinNetwork {
    MAINNET("f9beb4d9", 8333, "mainnet", "main"),
    TESTNET3("0b110907", 18333, "testnet3", "testnet", "test"),
    /** The default signet; a custom signet has its own magic, given with {@code magic=} in the URI. */
    SIGNET("0a03cf40", 38333, "signet"),
    REGTEST("fabfb5da", 18444, "regtest");

    private final int magic;
    private final int defaultPort;
    private final String[] names;

    BitcoinNetwork(String magicWireHex, int defaultPort, String... names) {
        this.magic = magicFromWireHex(magicWireHex);
        this.defaultPort = defaultPort;
        this.names = names;
    }

    /**
     * The magic as the little-endian integer its four wire bytes form, e.g. {@code 0xD9B4BEF9} for
     * mainnet's {@code f9 be b4 d9}.
     */
    public int magic() {
        return magic;
    }

    /** Bitcoin Core's default P2P port for this network. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The name used in URIs and configs, e.g. {@code regtest}. */
    public String uriName() {
        return names[0];
    }

    /** Parses {@code main}, {@code mainnet}, {@code test}, {@code testnet}, {@code testnet3}, {@code signet}, {@code regtest}. */
    public static BitcoinNetwork fromName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (BitcoinNetwork network : values()) {
            if (Arrays.asList(network.names).contains(wanted)) {
                return network;
            }
        }
        throw new IllegalArgumentException("unknown Bitcoin network '" + name + "' (known: "
                + Arrays.stream(values()).map(n -> String.join("|", n.names)).collect(Collectors.joining(", ")) + ")");
    }

    /** The four wire bytes of {@code magic} as hex, e.g. {@code fabfb5da}. */
    public static String magicToWireHex(int magic) {
        return HexFormat.of().formatHex(new byte[] {(byte) magic, (byte) (magic >>> 8), (byte) (magic >>> 16), (byte) (magic >>> 24)});
    }

    /** Parses four wire bytes given as eight hex digits, e.g. {@code fabfb5da}. */
    public static int magicFromWireHex(String hex) {
        String digits = hex.strip();
        if (digits.length() != 8) {
            throw new IllegalArgumentException("magic must be 8 hex digits (4 wire bytes), got '" + hex + "'");
        }
        byte[] b = HexFormat.of().parseHex(digits);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }
}
