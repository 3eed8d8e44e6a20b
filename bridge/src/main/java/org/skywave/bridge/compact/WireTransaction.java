package org.skywave.bridge.compact;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * A Bitcoin transaction as its wire serialization lays it out (legacy, or BIP 144 with marker and
 * flag when it carries witnesses). Parsing is bounded by the input: every count and length is
 * checked against the bytes that remain before anything is allocated.
 *
 * @param version  the 4-byte version, as an unsigned 32-bit value
 * @param segwit   true when the serialization has the BIP 144 marker and flag
 * @param lockTime the 4-byte lock time, as an unsigned 32-bit value
 */
record WireTransaction(long version, boolean segwit, List<Input> inputs, List<Output> outputs, long lockTime) {

    /** One input; {@code witness} is empty when the transaction has none for it. */
    record Input(byte[] prevTxid, long vout, byte[] scriptSig, long sequence, List<byte[]> witness) {
    }

    /** One output; {@code amount} is the 8-byte value as the wire has it (unsigned). */
    record Output(long amount, byte[] script) {
    }

    /** The transaction that starts at {@code offset} of {@code in}; {@link #length} of the result tells where it ends. */
    static Parsed parse(byte[] in, int offset) throws MalformedMessageException {
        CompactReader r = new CompactReader(in, offset, "Bitcoin transaction");
        long version = r.littleEndian(4, "version");
        boolean segwit = r.remaining() >= 2 && r.peek(0) == 0 && r.peek(1) == 1;
        if (segwit) {
            r.skip(2, "segwit marker and flag");
        }
        int inputCount = r.compactSizeCount("input count", 41);
        List<Input> inputs = new ArrayList<>(inputCount);
        for (int i = 0; i < inputCount; i++) {
            byte[] prev = r.bytes(32, "input " + i + " previous txid");
            long vout = r.littleEndian(4, "input " + i + " output index");
            byte[] scriptSig = r.bytes(r.compactSizeCount("input " + i + " scriptSig length", 1), "input " + i + " scriptSig");
            inputs.add(new Input(prev, vout, scriptSig, r.littleEndian(4, "input " + i + " sequence"), List.of()));
        }
        int outputCount = r.compactSizeCount("output count", 9);
        List<Output> outputs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            long amount = r.littleEndian(8, "output " + i + " amount");
            outputs.add(new Output(amount, r.bytes(r.compactSizeCount("output " + i + " script length", 1),
                    "output " + i + " script")));
        }
        if (segwit) {
            for (int i = 0; i < inputCount; i++) {
                int items = r.compactSizeCount("input " + i + " witness item count", 1);
                List<byte[]> witness = new ArrayList<>(items);
                for (int j = 0; j < items; j++) {
                    witness.add(r.bytes(r.compactSizeCount("witness item length", 1), "witness item"));
                }
                Input in0 = inputs.get(i);
                inputs.set(i, new Input(in0.prevTxid(), in0.vout(), in0.scriptSig(), in0.sequence(), witness));
            }
        }
        long lockTime = r.littleEndian(4, "lock time");
        return new Parsed(new WireTransaction(version, segwit, inputs, outputs, lockTime), r.position() - offset);
    }

    /** A parsed transaction and the number of bytes it took. */
    record Parsed(WireTransaction tx, int length) {
    }

    /** The wire serialization, with minimal CompactSize counts. */
    byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        writeLe(out, version, 4);
        if (segwit) {
            out.write(0);
            out.write(1);
        }
        compactSize(out, inputs.size());
        for (Input in : inputs) {
            out.writeBytes(in.prevTxid());
            writeLe(out, in.vout(), 4);
            compactSize(out, in.scriptSig().length);
            out.writeBytes(in.scriptSig());
            writeLe(out, in.sequence(), 4);
        }
        compactSize(out, outputs.size());
        for (Output o : outputs) {
            writeLe(out, o.amount(), 8);
            compactSize(out, o.script().length);
            out.writeBytes(o.script());
        }
        if (segwit) {
            for (Input in : inputs) {
                compactSize(out, in.witness().size());
                for (byte[] item : in.witness()) {
                    compactSize(out, item.length);
                    out.writeBytes(item);
                }
            }
        }
        writeLe(out, lockTime, 4);
        return out.toByteArray();
    }

    static void writeLe(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /** Bitcoin's CompactSize, in its shortest form. */
    static void compactSize(ByteArrayOutputStream out, long n) {
        if (n < 0xfd) {
            out.write((int) n);
        } else if (n <= 0xffff) {
            out.write(0xfd);
            writeLe(out, n, 2);
        } else if (n <= 0xffffffffL) {
            out.write(0xfe);
            writeLe(out, n, 4);
        } else {
            out.write(0xff);
            writeLe(out, n, 8);
        }
    }

    /** The wire size of a CompactSize holding {@code n}. */
    static int compactSizeLength(long n) {
        return n < 0xfd ? 1 : n <= 0xffff ? 3 : n <= 0xffffffffL ? 5 : 9;
    }
}
