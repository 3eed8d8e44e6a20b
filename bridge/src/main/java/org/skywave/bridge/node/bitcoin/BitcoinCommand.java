package org.skywave.bridge.node.bitcoin;

/** Command names of the messages Skywave sends or handles (the 12-byte field of the header). */
public final class BitcoinCommand {

    public static final String VERSION = "version";
    public static final String VERACK = "verack";
    public static final String PING = "ping";
    public static final String PONG = "pong";
    public static final String INV = "inv";
    public static final String GETDATA = "getdata";
    public static final String NOTFOUND = "notfound";
    public static final String TX = "tx";
    public static final String BLOCK = "block";
    public static final String HEADERS = "headers";
    public static final String GETHEADERS = "getheaders";
    /** BIP 130: announce new blocks with {@code headers} instead of {@code inv}. */
    public static final String SENDHEADERS = "sendheaders";
    /** BIP 152: compact block relay preferences (we read and ignore it). */
    public static final String SENDCMPCT = "sendcmpct";
    /** BIP 339: relay transactions by wtxid; sent between version and verack, protocol 70016 and up. */
    public static final String WTXIDRELAY = "wtxidrelay";
    /** BIP 155: the sender understands addrv2; sent between version and verack. */
    public static final String SENDADDRV2 = "sendaddrv2";
    /** BIP 133: the peer's minimum fee rate for relay (we ignore it). */
    public static final String FEEFILTER = "feefilter";
    /** BIP 61 (removed from Core 0.20, still sent by bcoin 1.0): why a peer refused something. */
    public static final String REJECT = "reject";

    private BitcoinCommand() {
    }
}
