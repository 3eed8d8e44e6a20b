package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A block as its header plus 6-byte short ids of its transactions, after BIP 152; the receiver
 * rebuilds it from its mempool and asks for the missing ones with GETBLOCKTXN. Unlike BIP 152,
 * prefilled indexes are absolute, not differential.
 *
 * @param shortIds the short ids, each a 48-bit unsigned value (the 6 bytes read little-endian)
 */
public record CompactBlockMessage(Network network, byte[] header, long nonce, long[] shortIds,
                                  List<PrefilledTransaction> prefilled) implements Message {

    /** Short ids are 48-bit values. */
    public static final long MAX_SHORT_ID = (1L << 48) - 1;

    public CompactBlockMessage {
        Objects.requireNonNull(network, "network");
        header = Values.copy(header, "header", 1, MessageLimits.MAX_HEADER_BYTES);
        Objects.requireNonNull(shortIds, "shortIds");
        Values.checkRange(shortIds.length, "shortIds count", 0, MessageLimits.MAX_BLOCK_TRANSACTIONS);
        shortIds = shortIds.clone();
        for (int i = 0; i < shortIds.length; i++) {
            Values.checkRange(shortIds[i], "shortIds[" + i + "]", 0, MAX_SHORT_ID);
        }
        prefilled = Values.copyList(prefilled, "prefilled", MessageLimits.MAX_BLOCK_TRANSACTIONS);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public long[] shortIds() {
        return shortIds.clone();
    }

    byte[] headerView() {
        return header;
    }

    long[] shortIdsView() {
        return shortIds;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.CMPCTBLOCK;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactBlockMessage m && network == m.network && Arrays.equals(header, m.header)
                && nonce == m.nonce && Arrays.equals(shortIds, m.shortIds) && prefilled.equals(m.prefilled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, Arrays.hashCode(header), nonce, Arrays.hashCode(shortIds), prefilled);
    }

    @Override
    public String toString() {
        return "CompactBlockMessage[network=" + network + ", header=" + Values.preview(header) + ", nonce=" + nonce
                + ", shortIds=" + shortIds.length + " ids, prefilled=" + Values.previewList(prefilled) + "]";
    }
}
