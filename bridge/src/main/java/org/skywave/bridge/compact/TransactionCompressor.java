package org.skywave.bridge.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * Lossless, byte-exact compression of Bitcoin transactions by their structure
 * ({@code docs/PROTOCOL.md}, section 7.1): script templates as a type and their hash, DER signatures
 * as (r, s), public keys as x and a parity, amounts as Bitcoin Core compresses them, counts as
 * varints, the usual version, sequence and lock time as bits, and a txid already named by an
 * earlier input as a back-reference. What it cannot express exactly goes as it is, behind one flag
 * byte: {@link #compress} checks every result by decompressing it before it answers.
 *
 * <p>Stateless and thread-safe. Decompression is bounded by the caller's limit and throws only
 * {@link MalformedMessageException}.
 */
public final class TransactionCompressor {

    /** Header byte of a transaction sent as it is. */
    static final int RAW = 0x80;
    static final int VERSION_MASK = 0x03;
    static final int VERSION_EXPLICIT = 0x02;
    static final int SEGWIT = 0x04;
    static final int LOCK_TIME = 0x08;
    private static final int RESERVED = 0x70;

    static final int SEQUENCE_MASK = 0x03;
    static final int SEQUENCE_EXPLICIT = 0x03;
    static final int SCRIPT_SIG_SHIFT = 2;
    static final int SCRIPT_SIG_EMPTY = 0;
    static final int SCRIPT_SIG_ITEMS = 1;
    static final int SCRIPT_SIG_RAW = 2;
    static final int SCRIPT_SIG_P2SH_P2WPKH = 3;
    static final int TXID_BACKREF = 0x10;
    static final int VOUT_SHIFT = 5;
    static final int VOUT_EXPLICIT = 3;
    static final int WITNESS = 0x80;

    /** Sequence numbers coded in two bits: final, final-but-lock-time, and opt-in RBF (BIP 125). */
    private static final long[] SEQUENCES = {0xffffffffL, 0xfffffffeL, 0xfffffffdL};

    static final int OUT_P2PKH = 0;
    static final int OUT_P2SH = 1;
    static final int OUT_P2WPKH = 2;
    static final int OUT_P2WSH = 3;
    static final int OUT_P2TR = 4;
    static final int OUT_P2PK = 5;
    static final int OUT_RAW = 6;
    static final int OUT_TYPE_MASK = 0x0f;
    /** The amount goes as its 8 wire bytes (one Core's compression cannot rebuild, above 2^64/10). */
    static final int OUT_AMOUNT_RAW = 0x10;

    private static final byte[] P2PKH_HEAD = {0x76, (byte) 0xa9, 0x14};
    private static final byte[] P2PKH_TAIL = {(byte) 0x88, (byte) 0xac};
    private static final byte[] P2SH_HEAD = {(byte) 0xa9, 0x14};
    private static final byte[] P2SH_TAIL = {(byte) 0x87};
    private static final byte[] P2WPKH_HEAD = {0x00, 0x14};
    private static final byte[] P2WSH_HEAD = {0x00, 0x20};
    private static final byte[] P2TR_HEAD = {0x51, 0x20};
    private static final byte[] NONE = {};
    private static final int OP_CHECKSIG = 0xac;

    public static final TransactionCompressor INSTANCE = new TransactionCompressor();

    private TransactionCompressor() {
    }

    /**
     * The compact form of {@code rawTransaction}: structured when the bytes parse as one Bitcoin
     * transaction that rebuilds exactly, else {@code 0x80} followed by the bytes as they are.
     */
    public byte[] compress(byte[] rawTransaction) {
        try {
            WireTransaction.Parsed parsed = WireTransaction.parse(rawTransaction, 0);
            if (parsed.length() == rawTransaction.length) {
                byte[] compact = encode(parsed.tx());
                if (Arrays.equals(decompress(compact, rawTransaction.length), rawTransaction)) {
                    return compact;
                }
            }
        } catch (MalformedMessageException e) {
            // Not one well-formed transaction, or a form that does not rebuild exactly: send it as it is.
        }
        byte[] raw = new byte[rawTransaction.length + 1];
        raw[0] = (byte) RAW;
        System.arraycopy(rawTransaction, 0, raw, 1, rawTransaction.length);
        return raw;
    }

    /**
     * The wire bytes {@code compact} stands for.
     *
     * @param maxBytes the largest transaction accepted; decoding stops with an error as soon as the
     *                 rebuilt bytes would pass it
     */
    public byte[] decompress(byte[] compact, int maxBytes) throws MalformedMessageException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
        }
        CompactReader in = new CompactReader(compact, 0, "compact transaction");
        int header = in.u8("header");
        if (header == RAW) {
            if (compact.length - 1 > maxBytes) {
                throw in.fail("transaction of " + (compact.length - 1) + " bytes exceeds the limit of " + maxBytes, 1);
            }
            if (compact.length < 2) {
                throw in.fail("raw transaction is empty", 1);
            }
            return Arrays.copyOfRange(compact, 1, compact.length);
        }
        if ((header & (RAW | RESERVED)) != 0 || (header & VERSION_MASK) == VERSION_MASK) {
            throw in.fail("header 0x" + Integer.toHexString(header) + " uses reserved bits or version code 3", 0);
        }
        OutputBudget budget = new OutputBudget(maxBytes);
        WireTransaction tx = decode(in, header, budget);
        if (in.remaining() != 0) {
            throw in.fail(in.remaining() + " bytes after the end of the transaction", in.position());
        }
        byte[] raw = tx.serialize();
        if (raw.length > maxBytes) {
            throw in.fail("rebuilt transaction of " + raw.length + " bytes exceeds the limit of " + maxBytes, 0);
        }
        return raw;
    }

    static byte[] encode(WireTransaction tx) {
        CompactWriter out = new CompactWriter(256);
        int versionCode = tx.version() == 1 ? 0 : tx.version() == 2 ? 1 : VERSION_EXPLICIT;
        out.u8(versionCode | (tx.segwit() ? SEGWIT : 0) | (tx.lockTime() != 0 ? LOCK_TIME : 0));
        if (versionCode == VERSION_EXPLICIT) {
            out.varint(tx.version());
        }
        out.varint(tx.inputs().size()).varint(tx.outputs().size());
        Map<String, Integer> lastUse = new HashMap<>();
        ItemHistory history = new ItemHistory();
        for (int i = 0; i < tx.inputs().size(); i++) {
            writeInput(out, tx.inputs().get(i), i, lastUse, history);
        }
        for (WireTransaction.Output o : tx.outputs()) {
            writeOutput(out, o);
        }
        if (tx.lockTime() != 0) {
            out.varint(tx.lockTime());
        }
        return out.toByteArray();
    }

    private static void writeInput(CompactWriter out, WireTransaction.Input in, int index, Map<String, Integer> lastUse,
            ItemHistory history) {
        int sequenceCode = SEQUENCE_EXPLICIT;
        for (int i = 0; i < SEQUENCES.length; i++) {
            if (SEQUENCES[i] == in.sequence()) {
                sequenceCode = i;
            }
        }
        String txidKey = Arrays.toString(in.prevTxid());
        Integer earlier = lastUse.put(txidKey, index);
        int voutCode = in.vout() < VOUT_EXPLICIT ? (int) in.vout() : VOUT_EXPLICIT;
        byte[] scriptSig = in.scriptSig();
        List<byte[]> pushes = null;
        int scriptForm;
        if (scriptSig.length == 0) {
            scriptForm = SCRIPT_SIG_EMPTY;
        } else if (!in.witness().isEmpty() && Arrays.equals(scriptSig, p2shP2wpkhScriptSig(in.witness()))) {
            scriptForm = SCRIPT_SIG_P2SH_P2WPKH;
        } else {
            pushes = ScriptElements.pushes(scriptSig);
            scriptForm = pushes != null ? SCRIPT_SIG_ITEMS : SCRIPT_SIG_RAW;
        }
        out.u8(sequenceCode | scriptForm << SCRIPT_SIG_SHIFT | (earlier != null ? TXID_BACKREF : 0)
                | voutCode << VOUT_SHIFT | (in.witness().isEmpty() ? 0 : WITNESS));
        if (earlier != null) {
            out.varint(index - earlier - 1);
        } else {
            out.bytes(in.prevTxid());
        }
        if (voutCode == VOUT_EXPLICIT) {
            out.varint(in.vout());
        }
        if (!in.witness().isEmpty()) {
            ScriptElements.writeList(out, in.witness(), history);
        }
        if (scriptForm == SCRIPT_SIG_ITEMS) {
            ScriptElements.writeList(out, pushes, history);
        } else if (scriptForm == SCRIPT_SIG_RAW) {
            out.varint(scriptSig.length).bytes(scriptSig);
        }
        if (sequenceCode == SEQUENCE_EXPLICIT) {
            for (int i = 0; i < 4; i++) {
                out.u8((int) (in.sequence() >>> (8 * i)) & 0xff);
            }
        }
    }

    /** The scriptSig of a P2SH-wrapped P2WPKH spend: a push of {@code 0014 HASH160(key)}, the key being the last witness item. */
    private static byte[] p2shP2wpkhScriptSig(List<byte[]> witness) {
        byte[] key = witness.get(witness.size() - 1);
        byte[] script = new byte[23];
        script[0] = 0x16;
        script[1] = 0x00;
        script[2] = 0x14;
        System.arraycopy(PublicKeys.hash160(key), 0, script, 3, 20);
        return script;
    }

    private static void writeOutput(CompactWriter out, WireTransaction.Output o) {
        byte[] s = o.script();
        int type;
        byte[] body;
        if ((body = template(s, P2PKH_HEAD, 20, P2PKH_TAIL)) != null) {
            type = OUT_P2PKH;
        } else if ((body = template(s, P2SH_HEAD, 20, P2SH_TAIL)) != null) {
            type = OUT_P2SH;
        } else if ((body = template(s, P2WPKH_HEAD, 20, NONE)) != null) {
            type = OUT_P2WPKH;
        } else if ((body = template(s, P2WSH_HEAD, 32, NONE)) != null) {
            type = OUT_P2WSH;
        } else if ((body = template(s, P2TR_HEAD, 32, NONE)) != null) {
            type = OUT_P2TR;
        } else if ((body = payToKey(s)) != null) {
            type = OUT_P2PK;
        } else {
            type = OUT_RAW;
        }
        long compressed = Amounts.compress(o.amount());
        boolean rawAmount = Amounts.decompress(compressed) != o.amount();
        out.u8(type | (rawAmount ? OUT_AMOUNT_RAW : 0));
        if (rawAmount) {
            for (int i = 0; i < 8; i++) {
                out.u8((int) (o.amount() >>> (8 * i)) & 0xff);
            }
        } else {
            out.varint(compressed);
        }
        if (type == OUT_RAW) {
            out.varint(s.length).bytes(s);
        } else {
            out.bytes(body);
        }
    }

    /** The {@code n} bytes between {@code head} and {@code tail} when {@code script} is exactly head, n bytes, tail. */
    private static byte[] template(byte[] script, byte[] head, int n, byte[] tail) {
        if (script.length != head.length + n + tail.length) {
            return null;
        }
        for (int i = 0; i < head.length; i++) {
            if (script[i] != head[i]) {
                return null;
            }
        }
        for (int i = 0; i < tail.length; i++) {
            if (script[head.length + n + i] != tail[i]) {
                return null;
            }
        }
        return Arrays.copyOfRange(script, head.length, head.length + n);
    }

    /** A pay-to-public-key script, {@code <key> OP_CHECKSIG}, as the key's item form; null for any other script. */
    private static byte[] payToKey(byte[] s) {
        if ((s.length != 35 && s.length != 67) || (s[0] & 0xff) != s.length - 2 || (s[s.length - 1] & 0xff) != OP_CHECKSIG) {
            return null;
        }
        byte[] key = Arrays.copyOfRange(s, 1, s.length - 1);
        CompactWriter w = new CompactWriter(33);
        ScriptElements.write(w, key);
        byte[] item = w.toByteArray();
        int tag = item[0];
        return tag >= ScriptElements.TAG_KEY_EVEN && tag <= ScriptElements.TAG_FULL_KEY_ODD ? item : null;
    }

    private static WireTransaction decode(CompactReader in, int header, OutputBudget budget)
            throws MalformedMessageException {
        int versionCode = header & VERSION_MASK;
        long version = versionCode == VERSION_EXPLICIT ? in.varint("version", 0xffffffffL) : versionCode + 1;
        boolean segwit = (header & SEGWIT) != 0;
        // Each input takes at least 2 bytes (its header and a back-reference), each output 2 (type, amount).
        int inputCount = in.count("input count", 2);
        int outputCount = in.count("output count", 2);
        budget.spend(10L + 41L * inputCount + 9L * outputCount, in, in.position());
        List<WireTransaction.Input> inputs = new ArrayList<>(inputCount);
        ItemHistory history = new ItemHistory();
        for (int i = 0; i < inputCount; i++) {
            inputs.add(readInput(in, i, inputs, segwit, budget, history));
        }
        List<WireTransaction.Output> outputs = new ArrayList<>(outputCount);
        for (int i = 0; i < outputCount; i++) {
            outputs.add(readOutput(in, i, budget));
        }
        long lockTime = (header & LOCK_TIME) != 0 ? in.varint("lock time", 0xffffffffL) : 0;
        return new WireTransaction(version, segwit, inputs, outputs, lockTime);
    }

    private static WireTransaction.Input readInput(CompactReader in, int index, List<WireTransaction.Input> earlier,
            boolean segwit, OutputBudget budget, ItemHistory history) throws MalformedMessageException {
        String field = "input " + index;
        int at = in.position();
        int h = in.u8(field + " header");
        if ((h & WITNESS) != 0 && !segwit) {
            throw in.fail(field + " has a witness in a transaction without the segwit flag", at);
        }
        byte[] txid;
        if ((h & TXID_BACKREF) != 0) {
            long back = in.varint(field + " txid back-reference", Integer.MAX_VALUE);
            if (back >= index) {
                throw in.fail(field + " refers back " + (back + 1) + " inputs, only " + index + " before it", at);
            }
            txid = earlier.get((int) (index - back - 1)).prevTxid();
        } else {
            txid = in.bytes(32, field + " previous txid");
        }
        int voutCode = h >>> VOUT_SHIFT & 0x03;
        long vout = voutCode == VOUT_EXPLICIT ? in.varint(field + " output index", 0xffffffffL) : voutCode;
        List<byte[]> witness = (h & WITNESS) != 0 ? ScriptElements.readList(in, budget, field + " witness", history) : List.of();
        budget.spend(witness.size(), in, at);
        int scriptForm = h >>> SCRIPT_SIG_SHIFT & 0x03;
        byte[] scriptSig = switch (scriptForm) {
            case SCRIPT_SIG_EMPTY -> NONE;
            case SCRIPT_SIG_ITEMS -> ScriptElements.pushScript(ScriptElements.readList(in, budget, field + " scriptSig", history));
            case SCRIPT_SIG_RAW -> in.bytes(in.count(field + " scriptSig length", 1), field + " scriptSig");
            default -> {
                if (witness.isEmpty()) {
                    throw in.fail(field + ": P2SH-P2WPKH scriptSig needs a witness to derive it from", at);
                }
                yield p2shP2wpkhScriptSig(witness);
            }
        };
        if (scriptForm != SCRIPT_SIG_ITEMS) {
            budget.spend(scriptSig.length, in, at); // items were counted as they were read
        }
        long sequence;
        if ((h & SEQUENCE_MASK) == SEQUENCE_EXPLICIT) {
            byte[] b = in.bytes(4, field + " sequence");
            sequence = (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
        } else {
            sequence = SEQUENCES[h & SEQUENCE_MASK];
        }
        return new WireTransaction.Input(txid, vout, scriptSig, sequence, witness);
    }

    private static WireTransaction.Output readOutput(CompactReader in, int index, OutputBudget budget)
            throws MalformedMessageException {
        String field = "output " + index;
        int at = in.position();
        int h = in.u8(field + " header");
        if ((h & ~(OUT_TYPE_MASK | OUT_AMOUNT_RAW)) != 0 || (h & OUT_TYPE_MASK) > OUT_RAW) {
            throw in.fail(field + ": unknown header 0x" + Integer.toHexString(h), at);
        }
        long amount;
        if ((h & OUT_AMOUNT_RAW) != 0) {
            byte[] b = in.bytes(8, field + " amount");
            amount = 0;
            for (int i = 0; i < 8; i++) {
                amount |= (b[i] & 0xffL) << (8 * i);
            }
        } else {
            amount = Amounts.decompress(in.varint(field + " amount", -1L));
        }
        byte[] script = switch (h & OUT_TYPE_MASK) {
            case OUT_P2PKH -> concat(P2PKH_HEAD, in.bytes(20, field + " key hash"), P2PKH_TAIL);
            case OUT_P2SH -> concat(P2SH_HEAD, in.bytes(20, field + " script hash"), P2SH_TAIL);
            case OUT_P2WPKH -> concat(P2WPKH_HEAD, in.bytes(20, field + " key hash"), NONE);
            case OUT_P2WSH -> concat(P2WSH_HEAD, in.bytes(32, field + " script hash"), NONE);
            case OUT_P2TR -> concat(P2TR_HEAD, in.bytes(32, field + " output key"), NONE);
            case OUT_P2PK -> {
                int keyAt = in.position();
                byte[] key = ScriptElements.read(in, new OutputBudget(65), field + " public key", new boolean[1]);
                if (key.length != 33 && key.length != 65) {
                    throw in.fail(field + ": pay-to-public-key needs a key item, got " + key.length + " bytes", keyAt);
                }
                yield concat(new byte[] {(byte) key.length}, key, new byte[] {(byte) OP_CHECKSIG});
            }
            default -> in.bytes(in.count(field + " script length", 1), field + " script");
        };
        budget.spend(script.length, in, at);
        return new WireTransaction.Output(amount, script);
    }

    private static byte[] concat(byte[] head, byte[] body, byte[] tail) {
        byte[] out = new byte[head.length + body.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        System.arraycopy(tail, 0, out, head.length + body.length, tail.length);
        return out;
    }
}
