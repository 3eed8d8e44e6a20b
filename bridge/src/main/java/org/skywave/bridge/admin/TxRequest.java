package org.skywave.bridge.admin;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.bitcoin.BitcoinProtocolException;
import org.skywave.bridge.node.bitcoin.TransactionIds;

/**
 * Reads the body of {@code POST /tx}: one raw Bitcoin transaction in hex, optionally surrounded by
 * whitespace (a trailing newline from {@code curl --data-binary @file}). The transaction must
 * parse (inputs, outputs, witnesses, lock time, nothing after) and have a size a node would relay,
 * so that nothing goes on air that the far node would refuse for its form or size.
 */
final class TxRequest {

    /**
     * Largest transaction taken, in bytes: Bitcoin Core's MAX_STANDARD_TX_WEIGHT (400,000 weight
     * units, {@code policy/policy.h}). Weight is at least the serialized size, so no standard
     * transaction is larger.
     */
    static final int MAX_TX_BYTES = 400_000;

    /**
     * Smallest transaction taken, in bytes: Bitcoin Core's MIN_STANDARD_TX_NONWITNESS_SIZE (65,
     * {@code policy/policy.h}); anything shorter is a typo or a truncated copy.
     */
    static final int MIN_TX_BYTES = 65;

    /** Room around the hex for line endings and indentation; more than that is not a transaction. */
    static final int MAX_WHITESPACE_BYTES = 1_024;

    /** The largest request body the server reads: the hex of {@link #MAX_TX_BYTES} plus whitespace. */
    static final int MAX_BODY_BYTES = 2 * MAX_TX_BYTES + MAX_WHITESPACE_BYTES;

    private TxRequest() {
    }

    /**
     * A transaction taken from a request.
     *
     * @param tx   the message to submit; its id is the wtxid for a segwit transaction
     * @param txid the txid (without witness data), which block explorers and nodes show
     */
    record Parsed(TxMessage tx, MessageId txid) {
    }

    /**
     * The transaction in {@code body}, of {@code network}.
     *
     * @throws IllegalArgumentException saying what is wrong, where, the limit and the actual value
     */
    static Parsed parse(byte[] body, Network network) {
        // Latin-1 maps every byte to one char, so offsets in errors are byte offsets.
        String text = new String(body, StandardCharsets.ISO_8859_1);
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        int digits = end - start;
        if (digits == 0) {
            throw new IllegalArgumentException("empty body: send the raw transaction as hex");
        }
        if (digits % 2 != 0) {
            throw new IllegalArgumentException("the hex has an odd number of digits (" + digits + ")");
        }
        int bytes = digits / 2;
        if (bytes > MAX_TX_BYTES) {
            throw new IllegalArgumentException("the transaction is " + bytes + " bytes, over the limit of "
                    + MAX_TX_BYTES + " bytes for a standard transaction");
        }
        if (bytes < MIN_TX_BYTES) {
            throw new IllegalArgumentException("the transaction is " + bytes + " bytes, under the minimum of "
                    + MIN_TX_BYTES + " bytes for a standard transaction");
        }
        String hex = text.substring(start, end);
        int bad = Hex.firstNonHexDigit(hex);
        if (bad >= 0) {
            throw new IllegalArgumentException("not hex: " + describe(hex.charAt(bad)) + " at offset " + (start + bad)
                    + " is not a hex digit");
        }
        byte[] raw = HexFormat.of().parseHex(hex);
        TransactionIds ids;
        try {
            ids = TransactionIds.of(raw);
        } catch (BitcoinProtocolException e) {
            throw new IllegalArgumentException("not a Bitcoin transaction: " + e.getMessage(), e);
        }
        return new Parsed(new TxMessage(network, raw), MessageId.of(ids.txid()));
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String describe(char c) {
        return c >= 0x21 && c < 0x7f ? "character '" + c + "'" : String.format("byte 0x%02x", (int) c);
    }
}
