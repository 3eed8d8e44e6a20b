package org.skywave.bridge.admin;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.skywave.bridge.message.Network;

/**
 * The network names a submission may give in {@code ?network=}: the names Bitcoin Core uses for
 * {@code -chain} ({@code main}, {@code test}, {@code testnet4}, {@code signet}, {@code regtest})
 * and the longer forms our config files use.
 */
public final class TxNetworks {

    private static final Map<String, Network> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("mainnet", Network.BITCOIN_MAINNET);
        BY_NAME.put("main", Network.BITCOIN_MAINNET);
        BY_NAME.put("testnet", Network.BITCOIN_TESTNET3);
        BY_NAME.put("testnet3", Network.BITCOIN_TESTNET3);
        BY_NAME.put("test", Network.BITCOIN_TESTNET3);
        BY_NAME.put("testnet4", Network.BITCOIN_TESTNET4);
        BY_NAME.put("signet", Network.BITCOIN_SIGNET);
        BY_NAME.put("regtest", Network.BITCOIN_REGTEST);
    }

    private TxNetworks() {
    }

    /**
     * The network called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names, if there is none by that name
     */
    public static Network fromName(String name) {
        Network network = BY_NAME.get(name.strip().toLowerCase(Locale.ROOT));
        if (network == null) {
            throw new IllegalArgumentException("unknown network '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return network;
    }

    /** The short name of {@code network}; for the Bitcoin networks, one {@link #fromName} accepts. */
    public static String name(Network network) {
        return switch (network) {
            case BITCOIN_MAINNET -> "mainnet";
            case BITCOIN_TESTNET3 -> "testnet";
            case BITCOIN_TESTNET4 -> "testnet4";
            case BITCOIN_SIGNET -> "signet";
            case BITCOIN_REGTEST -> "regtest";
            case BUNKERCOIN -> "bunkercoin";
        };
    }
}
