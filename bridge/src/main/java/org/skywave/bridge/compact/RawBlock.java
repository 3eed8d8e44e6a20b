package org.skywave.bridge.compact;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * A serialized Bitcoin block split into its 80-byte header and its transactions' wire bytes (the
 * {@code getblock <hash> 0} form: header, CompactSize count, transactions, nothing after).
 */
public record RawBlock(byte[] header, List<byte[]> transactions) {

    public static final int HEADER_BYTES = 80;

    public RawBlock {
        if (header.length != HEADER_BYTES) {
            throw new IllegalArgumentException("header must be " + HEADER_BYTES + " bytes, got " + header.length);
        }
        header = header.clone();
        transactions = List.copyOf(transactions);
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    /** Splits {@code block}; it must hold exactly one block. */
    public static RawBlock parse(byte[] block) throws MalformedMessageException {
        CompactReader r = new CompactReader(block, 0, "Bitcoin block");
        byte[] header = r.bytes(HEADER_BYTES, "header");
        // The smallest transaction is 60 bytes (version, one input with empty script, no outputs, lock time).
        int count = r.compactSizeCount("transaction count", 60);
        List<byte[]> txs = new ArrayList<>(count);
        int at = r.position();
        for (int i = 0; i < count; i++) {
            WireTransaction.Parsed tx = WireTransaction.parse(block, at);
            txs.add(Arrays.copyOfRange(block, at, at + tx.length()));
            at += tx.length();
        }
        if (at != block.length) {
            throw new MalformedMessageException("Bitcoin block: " + (block.length - at) + " bytes after its "
                    + count + " transactions, at offset " + at, at);
        }
        return new RawBlock(header, txs);
    }

    /** The block's wire bytes: header, CompactSize count, transactions. */
    public byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header);
        WireTransaction.compactSize(out, transactions.size());
        transactions.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
