package org.skywave.bridge.node.bitcoin;

import java.util.Arrays;

/**
 * One entry of an {@code inv}, {@code getdata} or {@code notfound}: a type and a 32-byte hash in
 * internal byte order. Types are kept as numbers so that unknown ones pass through.
 */
public record InventoryItem(int type, byte[] hash) {

    public static final int MSG_TX = 1;
    public static final int MSG_BLOCK = 2;
    public static final int MSG_FILTERED_BLOCK = 3;
    public static final int MSG_CMPCT_BLOCK = 4;
    /** BIP 339: a transaction named by its wtxid. */
    public static final int MSG_WTX = 5;
    /** BIP 144: set on a getdata type to ask for the witness serialisation. */
    public static final int MSG_WITNESS_FLAG = 1 << 30;
    public static final int MSG_WITNESS_TX = MSG_TX | MSG_WITNESS_FLAG;
    public static final int MSG_WITNESS_BLOCK = MSG_BLOCK | MSG_WITNESS_FLAG;

    public static final int HASH_LENGTH = 32;
    public static final int LENGTH = 4 + HASH_LENGTH;

    public InventoryItem {
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("inventory hash must be 32 bytes, got " + hash.length);
        }
        hash = hash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** The type without the witness flag. */
    public int baseType() {
        return type & ~MSG_WITNESS_FLAG;
    }

    public boolean isTransaction() {
        return baseType() == MSG_TX || baseType() == MSG_WTX;
    }

    public boolean isBlock() {
        return baseType() == MSG_BLOCK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InventoryItem other && type == other.type && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return type * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "0x" + Integer.toHexString(type) + ":" + BitcoinHashes.toDisplayHex(hash);
    }
}
