package org.skywave.bridge.message;

/**
 * The blockchain network a payload belongs to. Payloads stay opaque bytes; the network only decides
 * how transactions and blocks are identified. Codes are part of the wire format.
 */
public enum Network {
    BITCOIN_MAINNET(1, HashRule.BITCOIN),
    BITCOIN_TESTNET3(2, HashRule.BITCOIN),
    BITCOIN_SIGNET(3, HashRule.BITCOIN),
    BITCOIN_REGTEST(4, HashRule.BITCOIN),
    BITCOIN_TESTNET4(5, HashRule.BITCOIN),
    /** Bunkercoin: Blake3 hashing; its block layout is unpublished, so a block is identified by all its bytes. */
    BUNKERCOIN(6, HashRule.BLAKE3);

    /** A Bitcoin block header is 80 bytes; the block hash covers exactly those. */
    public static final int BITCOIN_HEADER_BYTES = 80;

    private enum HashRule { BITCOIN, BLAKE3 }

    private final int code;
    private final HashRule hashRule;

    Network(int code, HashRule hashRule) {
        this.code = code;
        this.hashRule = hashRule;
    }

    public int code() {
        return code;
    }

    /** The network with this code; an unknown code is malformed input. */
    public static Network fromCode(int code) throws MalformedMessageException {
        Network network = byCode(code);
        if (network == null) {
            throw new MalformedMessageException("unknown network " + code, -1);
        }
        return network;
    }

    static Network byCode(long code) {
        for (Network network : values()) {
            if (network.code == code) {
                return network;
            }
        }
        return null;
    }

    /**
     * The hash this network names a transaction by. Bitcoin: double SHA-256 of the bytes as carried,
     * which is the txid of a legacy transaction and the wtxid (BIP 141) of a segwit one.
     */
    public MessageId transactionId(byte[] rawTransaction) {
        return MessageId.of(hashRule == HashRule.BITCOIN
                ? Hashes.doubleSha256(rawTransaction, 0, rawTransaction.length)
                : Hashes.blake3(rawTransaction));
    }

    /** The hash this network names a block by. Bitcoin: double SHA-256 of the 80-byte header. */
    public MessageId blockId(byte[] rawBlock) {
        checkBlock(rawBlock);
        return MessageId.of(hashRule == HashRule.BITCOIN
                ? Hashes.doubleSha256(rawBlock, 0, BITCOIN_HEADER_BYTES)
                : Hashes.blake3(rawBlock));
    }

    /** True for the Bitcoin networks, whose transactions have the structure compact transactions rely on. */
    public boolean isBitcoin() {
        return hashRule == HashRule.BITCOIN;
    }

    /** The smallest block this network can identify. */
    public int minimumBlockBytes() {
        return hashRule == HashRule.BITCOIN ? BITCOIN_HEADER_BYTES : 1;
    }

    void checkBlock(byte[] rawBlock) {
        if (rawBlock.length < minimumBlockBytes()) {
            throw new IllegalArgumentException(this + " block must be at least " + minimumBlockBytes()
                    + " bytes, got " + rawBlock.length);
        }
    }
}
