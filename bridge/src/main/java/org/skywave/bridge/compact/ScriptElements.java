package org.skywave.bridge.compact;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * The data items of scripts and witnesses, each as a tag and what the tag cannot derive
 * ({@code docs/PROTOCOL.md}, section 7.1.4): a DER signature as its 64 bytes (r, s), a public key
 * as its x coordinate, a multisig script as m, n and its keys, other data as a length and bytes.
 * A form is used only when rebuilding it gives back exactly the original bytes.
 */
final class ScriptElements {

    static final int TAG_DATA = 0x00;
    static final int TAG_SIG_ALL = 0x01;
    static final int TAG_SIG = 0x02;
    static final int TAG_KEY_EVEN = 0x03;
    static final int TAG_KEY_ODD = 0x04;
    static final int TAG_FULL_KEY_EVEN = 0x05;
    static final int TAG_FULL_KEY_ODD = 0x06;
    static final int TAG_MULTISIG = 0x07;
    static final int TAG_REPEAT = 0x08;
    /** Tags from here on are data of length {@code tag - TAG_SHORT_DATA}, saving the length byte. */
    static final int TAG_SHORT_DATA = 0x10;
    static final int MAX_SHORT_DATA = 0xff - TAG_SHORT_DATA;

    private static final int SIGHASH_ALL = 0x01;
    private static final int OP_CHECKMULTISIG = 0xae;
    private static final int OP_1 = 0x51;
    private static final int OP_16 = 0x60;

    private ScriptElements() {
    }

    /** Writes a list of items: a varint count, then each item. */
    static void writeList(CompactWriter out, List<byte[]> items, ItemHistory history) {
        out.varint(items.size());
        for (byte[] item : items) {
            int distance = history.distanceTo(item);
            if (distance >= 0) {
                out.u8(TAG_REPEAT).varint(distance);
            } else if (write(out, item)) {
                history.remember(item);
            }
        }
    }

    static List<byte[]> readList(CompactReader in, OutputBudget budget, String field, ItemHistory history)
            throws MalformedMessageException {
        int count = in.count(field + " item count", 1);
        List<byte[]> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String itemField = field + " item " + i;
            int at = in.position();
            if (in.remaining() > 0 && in.peek(0) == TAG_REPEAT) {
                in.u8(itemField + " tag");
                long distance = in.varint(itemField + " repeat distance", Integer.MAX_VALUE);
                byte[] item = history.back(distance);
                if (item == null) {
                    throw in.fail(itemField + " repeats the item " + (distance + 1) + " back, but there is no such item", at);
                }
                budget.spend(item.length, in, at);
                items.add(item);
            } else {
                boolean[] signature = new boolean[1];
                byte[] item = read(in, budget, itemField, signature);
                if (!signature[0]) {
                    history.remember(item);
                }
                items.add(item);
            }
        }
        return items;
    }

    /** Writes one item in its shortest exact form; false when that form is a signature (never remembered). */
    static boolean write(CompactWriter out, byte[] item) {
        byte[] rs = signatureRs(item);
        if (rs != null) {
            int sighash = item[item.length - 1] & 0xff;
            if (sighash == SIGHASH_ALL) {
                out.u8(TAG_SIG_ALL);
            } else {
                out.u8(TAG_SIG).u8(sighash);
            }
            out.bytes(rs);
            return false;
        }
        if (writeKey(out, item) || writeMultisig(out, item)) {
            return true;
        }
        if (item.length <= MAX_SHORT_DATA) {
            out.u8(TAG_SHORT_DATA + item.length);
        } else {
            out.u8(TAG_DATA).varint(item.length);
        }
        out.bytes(item);
        return true;
    }

    /** Reads one item written by {@link #write}; {@code signature[0]} tells whether it was a signature. */
    static byte[] read(CompactReader in, OutputBudget budget, String field, boolean[] signature)
            throws MalformedMessageException {
        int at = in.position();
        int tag = in.u8(field + " tag");
        signature[0] = tag == TAG_SIG_ALL || tag == TAG_SIG;
        byte[] item = switch (tag) {
            case TAG_DATA -> in.bytes(in.count(field + " length", 1), field);
            case TAG_SIG_ALL -> derSignature(in.bytes(64, field + " (r, s)"), SIGHASH_ALL);
            case TAG_SIG -> {
                int sighash = in.u8(field + " sighash");
                yield derSignature(in.bytes(64, field + " (r, s)"), sighash);
            }
            case TAG_KEY_EVEN, TAG_KEY_ODD, TAG_FULL_KEY_EVEN, TAG_FULL_KEY_ODD -> readKeyBody(in, tag, field);
            case TAG_MULTISIG -> readMultisig(in, field);
            default -> {
                if (tag < TAG_SHORT_DATA) {
                    throw in.fail(field + ": unknown tag 0x" + Integer.toHexString(tag), at);
                }
                yield in.bytes(tag - TAG_SHORT_DATA, field);
            }
        };
        budget.spend(item.length, in, at);
        return item;
    }

    /** 64 bytes r‖s when {@code item} is a strict DER ECDSA signature plus a sighash byte that rebuilds exactly; else null. */
    static byte[] signatureRs(byte[] item) {
        int n = item.length;
        if (n < 9 || n > 73 || item[0] != 0x30 || (item[1] & 0xff) != n - 3 || item[2] != 0x02) {
            return null;
        }
        int rLen = item[3] & 0xff;
        if (5 + rLen >= n - 1 || item[4 + rLen] != 0x02) {
            return null;
        }
        int sLen = item[5 + rLen] & 0xff;
        if (6 + rLen + sLen != n - 1) {
            return null;
        }
        byte[] rs = new byte[64];
        if (!toFixed(item, 4, rLen, rs, 0) || !toFixed(item, 6 + rLen, sLen, rs, 32)) {
            return null;
        }
        return Arrays.equals(derSignature(rs, item[n - 1] & 0xff), item) ? rs : null;
    }

    private static boolean toFixed(byte[] der, int offset, int length, byte[] out, int outOffset) {
        while (length > 32 && der[offset] == 0) {
            offset++;
            length--;
        }
        if (length > 32 || length == 0) {
            return false;
        }
        System.arraycopy(der, offset, out, outOffset + 32 - length, length);
        return true;
    }

    /** Strict DER (BIP 66) of (r, s) from their 32-byte big-endian forms, then the sighash byte. */
    static byte[] derSignature(byte[] rs, int sighash) {
        byte[] r = derInteger(rs, 0);
        byte[] s = derInteger(rs, 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream(73);
        out.write(0x30);
        out.write(4 + r.length + s.length);
        out.write(0x02);
        out.write(r.length);
        out.writeBytes(r);
        out.write(0x02);
        out.write(s.length);
        out.writeBytes(s);
        out.write(sighash);
        return out.toByteArray();
    }

    private static byte[] derInteger(byte[] rs, int offset) {
        int start = offset;
        while (start < offset + 31 && rs[start] == 0 && (rs[start + 1] & 0x80) == 0) {
            start++;
        }
        boolean pad = (rs[start] & 0x80) != 0;
        byte[] v = new byte[offset + 32 - start + (pad ? 1 : 0)];
        System.arraycopy(rs, start, v, pad ? 1 : 0, offset + 32 - start);
        return v;
    }

    private static boolean writeKey(CompactWriter out, byte[] item) {
        if (item.length == 33 && (item[0] == 0x02 || item[0] == 0x03)) {
            out.u8(item[0] == 0x02 ? TAG_KEY_EVEN : TAG_KEY_ODD).bytes(item, 1, 32);
            return true;
        }
        if (PublicKeys.isRebuildable(item)) {
            out.u8((item[64] & 1) == 0 ? TAG_FULL_KEY_EVEN : TAG_FULL_KEY_ODD).bytes(item, 1, 32);
            return true;
        }
        return false;
    }

    private static byte[] readKeyBody(CompactReader in, int tag, String field) throws MalformedMessageException {
        int at = in.position();
        byte[] x = in.bytes(32, field + " key x");
        if (tag == TAG_KEY_EVEN || tag == TAG_KEY_ODD) {
            byte[] key = new byte[33];
            key[0] = (byte) (tag == TAG_KEY_EVEN ? 0x02 : 0x03);
            System.arraycopy(x, 0, key, 1, 32);
            return key;
        }
        byte[] key = PublicKeys.uncompressed(x, tag == TAG_FULL_KEY_ODD);
        if (key == null) {
            throw in.fail(field + ": x is not the x coordinate of a secp256k1 point", at);
        }
        return key;
    }

    /** {@code OP_m <keys> OP_n OP_CHECKMULTISIG} with 1 ≤ m ≤ n ≤ 16 and keys in a key form. */
    private static boolean writeMultisig(CompactWriter out, byte[] s) {
        if (s.length < 3 + 34 || (s[s.length - 1] & 0xff) != OP_CHECKMULTISIG) {
            return false;
        }
        int m = (s[0] & 0xff) - OP_1 + 1;
        int n = (s[s.length - 2] & 0xff) - OP_1 + 1;
        if (m < 1 || m > 16 || n < m || n > 16) {
            return false;
        }
        CompactWriter keys = new CompactWriter(33 * n);
        int p = 1;
        for (int i = 0; i < n; i++) {
            if (p >= s.length - 2) {
                return false;
            }
            int len = s[p] & 0xff;
            if ((len != 33 && len != 65) || p + 1 + len > s.length - 2) {
                return false;
            }
            if (!writeKey(keys, Arrays.copyOfRange(s, p + 1, p + 1 + len))) {
                return false;
            }
            p += 1 + len;
        }
        if (p != s.length - 2) {
            return false;
        }
        out.u8(TAG_MULTISIG).u8((m - 1) << 4 | (n - 1)).bytes(keys.toByteArray());
        return true;
    }

    private static byte[] readMultisig(CompactReader in, String field) throws MalformedMessageException {
        int mn = in.u8(field + " multisig m, n");
        int m = (mn >>> 4) + 1;
        int n = (mn & 0x0f) + 1;
        if (m > n) {
            throw in.fail(field + ": multisig m " + m + " exceeds n " + n, in.position() - 1);
        }
        ByteArrayOutputStream script = new ByteArrayOutputStream(3 + 66 * n);
        script.write(OP_1 + m - 1);
        for (int i = 0; i < n; i++) {
            int at = in.position();
            int tag = in.u8(field + " multisig key " + i + " tag");
            if (tag < TAG_KEY_EVEN || tag > TAG_FULL_KEY_ODD) {
                throw in.fail(field + ": multisig key " + i + " has tag 0x" + Integer.toHexString(tag)
                        + ", expected a key tag 0x03..0x06", at);
            }
            byte[] key = readKeyBody(in, tag, field + " multisig key " + i);
            script.write(key.length);
            script.writeBytes(key);
        }
        script.write(OP_1 + n - 1);
        script.write(OP_CHECKMULTISIG);
        return script.toByteArray();
    }

    /**
     * The data items of {@code script} when it is only pushes, each in its shortest push form; null
     * otherwise (then the script goes as raw bytes).
     */
    static List<byte[]> pushes(byte[] script) {
        List<byte[]> items = new ArrayList<>();
        int p = 0;
        while (p < script.length) {
            int op = script[p++] & 0xff;
            int len;
            if (op <= 0x4b) {
                len = op;
            } else if (op == 0x4c && p + 1 <= script.length) {
                len = script[p] & 0xff;
                p += 1;
            } else if (op == 0x4d && p + 2 <= script.length) {
                len = (script[p] & 0xff) | (script[p + 1] & 0xff) << 8;
                p += 2;
            } else {
                return null;
            }
            if (p + len > script.length) {
                return null;
            }
            items.add(Arrays.copyOfRange(script, p, p + len));
            p += len;
        }
        return Arrays.equals(pushScript(items), script) ? items : null;
    }

    /** The script that pushes {@code items} in order, each with the shortest push opcode for its length. */
    static byte[] pushScript(List<byte[]> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] item : items) {
            int len = item.length;
            if (len <= 0x4b) {
                out.write(len);
            } else if (len <= 0xff) {
                out.write(0x4c);
                out.write(len);
            } else if (len <= 0xffff) {
                out.write(0x4d);
                out.write(len & 0xff);
                out.write(len >>> 8);
            } else {
                out.write(0x4e);
                for (int i = 0; i < 4; i++) {
                    out.write(len >>> (8 * i));
                }
            }
            out.writeBytes(item);
        }
        return out.toByteArray();
    }
}
