package org.skywave.bridge.node.bitcoin;

import java.io.ByteArrayOutputStream;

/**
 * The two ids of a raw transaction, in internal byte order: txid (double SHA-256 of the
 * serialisation without witness data) and wtxid (of the full serialisation, BIP 141). Parsing is
 * bounded by the transaction's own length; anything malformed is a {@link BitcoinProtocolException}.
 */
public record TransactionIds(byte[] txid, byte[] wtxid) {

    /** Smallest serialised input: outpoint 36, empty script 1, sequence 4 (bounds the input count). */
    private static final int MIN_INPUT_LENGTH = 41;
    /** Smallest serialised output: value 8, empty script 1. */
    private static final int MIN_OUTPUT_LENGTH = 9;

    public TransactionIds {
        txid = txid.clone();
        wtxid = wtxid.clone();
    }

    @Override
    public byte[] txid() {
        return txid.clone();
    }

    @Override
    public byte[] wtxid() {
        return wtxid.clone();
    }

    public boolean hasWitness() {
        return !java.util.Arrays.equals(txid, wtxid);
    }

    public static TransactionIds of(byte[] rawTx) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(BitcoinCommand.TX, rawTx);
        in.skip(4, "version");
        boolean witness = in.remaining() >= 2 && rawTx[in.position()] == 0 && rawTx[in.position() + 1] == 1;
        int inputsStart = in.position() + (witness ? 2 : 0);
        if (witness) {
            in.skip(2, "marker/flag");
        }
        int inputs = in.varInt("input count", in.remaining() / MIN_INPUT_LENGTH);
        if (inputs == 0) {
            throw new BitcoinProtocolException("'tx' has no inputs (" + rawTx.length + " bytes)");
        }
        for (int i = 0; i < inputs; i++) {
            in.skip(36, "input[" + i + "].outpoint");
            in.skip(in.varInt("input[" + i + "].script length", in.remaining()), "input[" + i + "].script");
            in.skip(4, "input[" + i + "].sequence");
        }
        int outputs = in.varInt("output count", in.remaining() / MIN_OUTPUT_LENGTH);
        for (int i = 0; i < outputs; i++) {
            in.skip(8, "output[" + i + "].value");
            in.skip(in.varInt("output[" + i + "].script length", in.remaining()), "output[" + i + "].script");
        }
        int outputsEnd = in.position();
        if (witness) {
            for (int i = 0; i < inputs; i++) {
                int items = in.varInt("witness[" + i + "] count", in.remaining());
                for (int j = 0; j < items; j++) {
                    in.skip(in.varInt("witness[" + i + "][" + j + "] length", in.remaining()), "witness[" + i + "][" + j + "]");
                }
            }
        }
        in.skip(4, "lock_time");
        in.end();
        byte[] wtxid = BitcoinHashes.doubleSha256(rawTx);
        if (!witness) {
            return new TransactionIds(wtxid, wtxid);
        }
        ByteArrayOutputStream stripped = new ByteArrayOutputStream(rawTx.length);
        stripped.write(rawTx, 0, 4);
        stripped.write(rawTx, inputsStart, outputsEnd - inputsStart);
        stripped.write(rawTx, rawTx.length - 4, 4);
        return new TransactionIds(BitcoinHashes.doubleSha256(stripped.toByteArray()), wtxid);
    }

    /**
     * The serialisation without witness data (what a peer gets for a getdata without the witness
     * flag); {@code rawTx} itself if it has none.
     */
    public static byte[] withoutWitness(byte[] rawTx) throws BitcoinProtocolException {
        of(rawTx);
        if (rawTx.length < 6 || rawTx[4] != 0 || rawTx[5] != 1) {
            return rawTx.clone();
        }
        PayloadReader in = new PayloadReader(BitcoinCommand.TX, rawTx);
        in.skip(6, "version, marker and flag");
        int inputs = in.varInt("input count", in.remaining() / MIN_INPUT_LENGTH);
        for (int i = 0; i < inputs; i++) {
            in.skip(36, "outpoint");
            in.skip(in.varInt("script length", in.remaining()), "script");
            in.skip(4, "sequence");
        }
        int outputs = in.varInt("output count", in.remaining() / MIN_OUTPUT_LENGTH);
        for (int i = 0; i < outputs; i++) {
            in.skip(8, "value");
            in.skip(in.varInt("script length", in.remaining()), "script");
        }
        ByteArrayOutputStream stripped = new ByteArrayOutputStream(rawTx.length);
        stripped.write(rawTx, 0, 4);
        stripped.write(rawTx, 6, in.position() - 6);
        stripped.write(rawTx, rawTx.length - 4, 4);
        return stripped.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionIds other && java.util.Arrays.equals(txid, other.txid)
                && java.util.Arrays.equals(wtxid, other.wtxid);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(txid);
    }

    @Override
    public String toString() {
        return "txid " + BitcoinHashes.toDisplayHex(txid) + (hasWitness() ? " wtxid " + BitcoinHashes.toDisplayHex(wtxid) : "");
    }
}
