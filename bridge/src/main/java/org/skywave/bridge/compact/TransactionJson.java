package org.skywave.bridge.compact;

import java.util.HexFormat;
import java.util.StringJoiner;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * A Bitcoin transaction as a JSON object, one field per wire field and byte strings in hex: how a
 * design that sends newline-delimited JSON (the Bunkercoin design, {@code ../shared/specs/bunkercoin-jsonl.md})
 * would carry it. Used only to compare encodings' sizes.
 */
public final class TransactionJson {

    private TransactionJson() {
    }

    /** The JSON object for {@code raw}, which must be one transaction. */
    public static String of(byte[] raw) throws MalformedMessageException {
        WireTransaction tx = WireTransaction.parse(raw, 0).tx();
        HexFormat hex = HexFormat.of();
        StringJoiner inputs = new StringJoiner(",", "[", "]");
        for (WireTransaction.Input in : tx.inputs()) {
            StringJoiner witness = new StringJoiner(",", "[", "]");
            in.witness().forEach(item -> witness.add("\"" + hex.formatHex(item) + "\""));
            inputs.add("{\"txid\":\"" + hex.formatHex(in.prevTxid()) + "\",\"vout\":" + in.vout() + ",\"script_sig\":\""
                    + hex.formatHex(in.scriptSig()) + "\",\"sequence\":" + in.sequence() + ",\"witness\":" + witness + "}");
        }
        StringJoiner outputs = new StringJoiner(",", "[", "]");
        for (WireTransaction.Output out : tx.outputs()) {
            outputs.add("{\"value\":" + Long.toUnsignedString(out.amount()) + ",\"script_pubkey\":\""
                    + hex.formatHex(out.script()) + "\"}");
        }
        return "{\"version\":" + tx.version() + ",\"inputs\":" + inputs + ",\"outputs\":" + outputs
                + ",\"lock_time\":" + tx.lockTime() + "}";
    }
}
