package org.skywave.bridge.message;

/**
 * One Skywave message: an immutable value of one of the kinds in {@link MessageKind}, encoded by
 * {@link MessageCodec}. Transactions and blocks are opaque bytes tagged with their {@link Network}.
 */
public sealed interface Message
        permits HelloMessage, PingMessage, PongMessage, InvMessage, GetDataMessage, TxMessage, BlockMessage,
                HeadersMessage, GetHeadersMessage, CompactBlockMessage, GetBlockTxnMessage, BlockTxnMessage,
                MempoolMessage, AddrMessage, AckMessage, RejectMessage {

    MessageKind kind();

    /**
     * The identity queues, ACKs and the seen-set use: the network's transaction hash for TX, its
     * block hash for BLOCK, and SHA-256 of the canonical encoding for every other kind.
     */
    MessageId id();
}
