package org.skywave.bridge.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.LinkPeer;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkStats;

/** Transactions and link figures for the admin tests, each transaction with where it came from. */
public final class AdminSamples {

    /** A P2PKH spend signed by bcoin 1.0.2 (MTX.sign, key 0x07 x32); no witness, so txid = wtxid. */
    public static final String LEGACY_TX_HEX =
            "01000000010303030303030303030303030303030303030303030303030303030303030303010000006a47304402"
            + "203ce3abe982a014defb0ed56f6387711be9ff73be047b7db92038db7abec9ebc502200e9a86bcd9227a956354"
            + "1ea850a18eee0f99bb06efbaf9eb4bf8924e6cd0d98a012102989c0b76cb563971fdc9bef31ec06c3560f3249d"
            + "6ee9e5d83c57625596e05f6fffffffff01905f0100000000001976a914670caa79e51d78ed0c583b89ff39d9c4"
            + "9b7199e788ac00000000";
    /** Its txid as bcoin reports it (display order). */
    public static final String LEGACY_TXID = "8d800905e8fbdbdaf976e4ab92f10d70fbb26ce67dd9312ea0196a8f4510af8d";

    /** A P2WPKH spend signed by bcoin 1.0.2 (MTX.sign, key 0x07 x32). */
    public static final String WITNESS_TX_HEX =
            "0100000000010103030303030303030303030303030303030303030303030303030303030303030100000000ffffffff"
            + "01905f0100000000001976a914670caa79e51d78ed0c583b89ff39d9c49b7199e788ac02483045022100ee66763e"
            + "e938e65f6bad32b9c78f06ec6f71b55d653b6a5d341402f520e137950220030ee439aff89648e45372de7f12478e"
            + "48f47c6261a58f646554b9dc56414530012102989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c5762"
            + "5596e05f6f00000000";
    /** Its txid and wtxid as bcoin reports them (display order). */
    public static final String WITNESS_TXID = "2e11b71a9ac19f6562532c1b1d822aa74827befef8000a99e89eab13c87c9ef7";
    public static final String WITNESS_WTXID = "9eef8f04b5af15fe2dceb03aa06fb531ad90031a50a04f10aa8800a942faf8a9";

    /** A peer as a HELLO from N0CALL-2 with a station key and best height 840000 records it. */
    public static final LinkPeer PEER = new LinkPeer("1a2b:3c4d:5e6f:7a8b", "N0CALL-2", 1, 840_000,
            Instant.parse("2025-06-01T12:00:00.123Z"));

    /** A token as {@code openssl rand -hex 16} makes them. */
    public static final String TOKEN = "5f0c6a1e9b2d47c38e1f0a9b7c6d5e4f";

    private AdminSamples() {
    }

    public static TxMessage legacyTx(Network network) {
        return new TxMessage(network, HexFormat.of().parseHex(LEGACY_TX_HEX));
    }

    /** A link's status with {@code framesSent} frames of 100 payload bytes and 20 overhead bytes sent, no peer heard. */
    public static StationLinkStatus link(String name, LinkState state, LinkProfile profile, long depth,
            Duration oldest, long sent, long retransmissions, int framesSent) {
        return link(name, state, profile, depth, oldest, sent, retransmissions, framesSent, null);
    }

    /** As above, with the station at the far end as its HELLO named it ({@code peer} null for none). */
    public static StationLinkStatus link(String name, LinkState state, LinkProfile profile, long depth,
            Duration oldest, long sent, long retransmissions, int framesSent, LinkPeer peer) {
        LinkStats stats = new LinkStats();
        for (int i = 0; i < framesSent; i++) {
            stats.frameSent(100, 20);
        }
        stats.frameReceived(7);
        stats.malformedFrame();
        return new StationLinkStatus(name, state, profile, depth, oldest, sent, retransmissions, stats, peer);
    }
}
