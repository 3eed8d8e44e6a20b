package org.skywave.bridge.node.bitcoin;

import java.util.HexFormat;

/** Golden bytes from software other than ours, each with where it came from. */
final class BitcoinGolden {

    /**
     * A mainnet version frame captured from a real node session in the "Finishing the Handshake"
     * lesson (/work/shared/seeds/bitcoin-handshake-lesson.md): protocol 70015, services 0x40f,
     * user agent "/some-cool-software/", start height 1, relay 1, checksum 9b228b9e.
     */
    static final byte[] MAINNET_VERSION_FRAME = HexFormat.of().parseHex(
            "f9beb4d976657273696f6e00000000006a0000009b228b9e7f1101000f040000000000009341555b00000000"
            + "0f040000000000000000000000000000000000000000000000000f0400000000000000000000000000000000"
            + "00000000000000007256c5439b3aea89142f736f6d652d636f6f6c2d736f6674776172652f0100000001");

    /**
     * bcoin 1.0.2's own framing (net.Framer, regtest) of its VersionPacket with version 70016,
     * services 8, time 1700000000, remote 127.0.0.1:18444, local 0.0.0.0:0, nonce bytes 01..08,
     * agent "/Skywave:0.1.0/", height 0, relay true.
     */
    static final byte[] BCOIN_REGTEST_VERSION_FRAME = HexFormat.of().parseHex(
            "fabfb5da76657273696f6e000000000065000000596cb9c480110100080000000000000000f1536500000000"
            + "000000000000000000000000000000000000ffff7f000001480c000000000000000000000000000000000000"
            + "ffff00000000000001020304050607080f2f536b79776176653a302e312e302f0000000001");

    /** The regtest genesis header (bcoin Network.get('regtest').genesisBlock, same as Core's). */
    static final byte[] REGTEST_GENESIS_HEADER = HexFormat.of().parseHex(
            "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b2"
            + "7ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4adae5494dffff7f2002000000");
    static final String REGTEST_GENESIS_HASH = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206";

    /** A P2WPKH spend signed by bcoin 1.0.2 (MTX.sign, key 0x07 x32); txid and wtxid as bcoin reports them. */
    static final byte[] WITNESS_TX = HexFormat.of().parseHex(
            "0100000000010103030303030303030303030303030303030303030303030303030303030303030100000000ffffffff"
            + "01905f0100000000001976a914670caa79e51d78ed0c583b89ff39d9c49b7199e788ac02483045022100ee66763e"
            + "e938e65f6bad32b9c78f06ec6f71b55d653b6a5d341402f520e137950220030ee439aff89648e45372de7f12478e"
            + "48f47c6261a58f646554b9dc56414530012102989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c5762"
            + "5596e05f6f00000000");
    static final String WITNESS_TXID = "2e11b71a9ac19f6562532c1b1d822aa74827befef8000a99e89eab13c87c9ef7";
    static final String WITNESS_WTXID = "9eef8f04b5af15fe2dceb03aa06fb531ad90031a50a04f10aa8800a942faf8a9";
    /** bcoin's tx.toNormal() of {@link #WITNESS_TX}: the same transaction without witness. */
    static final byte[] WITNESS_TX_STRIPPED = HexFormat.of().parseHex(
            "010000000103030303030303030303030303030303030303030303030303030303030303030100000000ffffffff"
            + "01905f0100000000001976a914670caa79e51d78ed0c583b89ff39d9c49b7199e788ac00000000");

    /** A P2PKH spend signed by bcoin 1.0.2 (no witness: txid equals wtxid). */
    static final byte[] LEGACY_TX = HexFormat.of().parseHex(
            "01000000010303030303030303030303030303030303030303030303030303030303030303010000006a47304402"
            + "203ce3abe982a014defb0ed56f6387711be9ff73be047b7db92038db7abec9ebc502200e9a86bcd9227a956354"
            + "1ea850a18eee0f99bb06efbaf9eb4bf8924e6cd0d98a012102989c0b76cb563971fdc9bef31ec06c3560f3249d"
            + "6ee9e5d83c57625596e05f6fffffffff01905f0100000000001976a914670caa79e51d78ed0c583b89ff39d9c4"
            + "9b7199e788ac00000000");
    static final String LEGACY_TXID = "8d800905e8fbdbdaf976e4ab92f10d70fbb26ce67dd9312ea0196a8f4510af8d";

    private BitcoinGolden() {
    }
}
