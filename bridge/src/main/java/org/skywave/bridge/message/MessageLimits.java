package org.skywave.bridge.message;

/**
 * Every size limit of the message format, each with where its number comes from. Records refuse
 * values over these limits and the decoder refuses input over them, so whatever can be built can
 * be encoded and decoded again.
 */
public final class MessageLimits {

    /**
     * Largest raw transaction or block: Bitcoin's MAX_BLOCK_SERIALIZED_SIZE (4,000,000 bytes, the
     * serialized size of a block at the 4,000,000 weight-unit limit with no witness discount).
     */
    public static final int MAX_PAYLOAD_BYTES = 4_000_000;

    /**
     * Largest encoded message: 4 MiB, that is {@link #MAX_PAYLOAD_BYTES} plus 194,304 bytes for the
     * CBOR structure around it (a BLOCKTXN of {@link #MAX_BLOCK_TRANSACTIONS} transactions needs at
     * most 5 bytes of head each, 333,330 in the worst case, but its transactions then total less).
     */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    /** Items in one INV or GETDATA: Bitcoin's MAX_INV_SZ. */
    public static final int MAX_INVENTORY_ITEMS = 50_000;

    /** Headers in one HEADERS: Bitcoin's MAX_HEADERS_RESULTS. */
    public static final int MAX_HEADERS = 2_000;

    /** One raw header: Bitcoin's is 80 bytes; the rest leaves room for chains with larger headers. */
    public static final int MAX_HEADER_BYTES = 1_024;

    /** Hashes in a GETHEADERS locator: Bitcoin's MAX_LOCATOR_SZ. */
    public static final int MAX_LOCATOR_HASHES = 101;

    /**
     * Transactions one block can hold: {@link #MAX_PAYLOAD_BYTES} / 60, 60 bytes being the smallest
     * serialized Bitcoin transaction (one input with an empty script, one output with an empty
     * script). Caps short ids, prefilled transactions, GETBLOCKTXN indexes and BLOCKTXN transactions.
     */
    public static final int MAX_BLOCK_TRANSACTIONS = MAX_PAYLOAD_BYTES / 60;

    /** Peers in one ADDR: Bitcoin's MAX_ADDR_TO_SEND. */
    public static final int MAX_ADDR_PEERS = 1_000;

    /** Ids in one ACK: the same as ADDR; a larger batch is acknowledged by several ACKs. */
    public static final int MAX_ACK_IDS = 1_000;

    /** A peer's transport URI, in bytes: far above any Skywave link URI, small against the MTU of a slow link. */
    public static final int MAX_URI_BYTES = 256;

    /** A callsign, in bytes: AX.25's "CALLSG-15" is 9; 16 leaves room for prefixes and suffixes ("VE3/W1AW/P"). */
    public static final int MAX_CALLSIGN_BYTES = 16;

    /** REJECT text, in bytes: Bitcoin's MAX_REJECT_MESSAGE_LENGTH (111). */
    public static final int MAX_REJECT_TEXT_BYTES = 111;

    /** The deepest structure any kind uses: the message map, a list, a tuple inside the list. */
    public static final int MAX_NESTING_DEPTH = 3;

    /** A BIP 152 short id is 6 bytes (48 bits of SipHash-2-4 output). */
    public static final int SHORT_ID_BYTES = 6;

    /** Bitcoin-style hashes and Ed25519 public keys are 32 bytes. */
    public static final int HASH_BYTES = 32;

    private MessageLimits() {
    }
}
