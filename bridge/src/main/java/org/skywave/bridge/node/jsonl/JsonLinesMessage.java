package org.skywave.bridge.node.jsonl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One message of the protocol: its variant and the JSON values it carries, each the exact UTF-8
 * bytes of one JSON value as it appeared on the line (none for {@code GetChain}/{@code GetMempool},
 * one for {@code NewBlock}/{@code NewTransaction}, any number for {@code Chain}/{@code Mempool}).
 * Immutable: arrays are copied on the way in and out.
 */
public final class JsonLinesMessage {

    private final JsonLinesVariant variant;
    private final List<byte[]> values;

    private JsonLinesMessage(JsonLinesVariant variant, List<byte[]> trustedValues) {
        this.variant = variant;
        this.values = trustedValues;
    }

    /** A message of {@code variant} with {@code values}, which must fit its shape. Values are copied, not parsed. */
    public static JsonLinesMessage of(JsonLinesVariant variant, List<byte[]> values) {
        Objects.requireNonNull(variant, "variant");
        List<byte[]> copies = new ArrayList<>(values.size());
        for (byte[] v : values) {
            copies.add(Objects.requireNonNull(v, "value").clone());
        }
        return trusted(variant, copies);
    }

    /** Takes ownership of {@code values}: for the codec, which has just sliced them from a line. */
    static JsonLinesMessage trusted(JsonLinesVariant variant, List<byte[]> values) {
        int n = values.size();
        boolean fits = switch (variant.shape()) {
            case UNIT -> n == 0;
            case ONE -> n == 1;
            case LIST -> true;
        };
        if (!fits) {
            throw new IllegalArgumentException(variant.wireName() + " carries " + variant.shape() + ", not " + n + " value(s)");
        }
        return new JsonLinesMessage(variant, Collections.unmodifiableList(values));
    }

    public static JsonLinesMessage getChain() {
        return trusted(JsonLinesVariant.GET_CHAIN, List.of());
    }

    public static JsonLinesMessage getMempool() {
        return trusted(JsonLinesVariant.GET_MEMPOOL, List.of());
    }

    public static JsonLinesMessage newTransaction(byte[] rawTx) {
        return of(JsonLinesVariant.NEW_TRANSACTION, List.of(rawTx));
    }

    public static JsonLinesMessage newBlock(byte[] rawBlock) {
        return of(JsonLinesVariant.NEW_BLOCK, List.of(rawBlock));
    }

    public static JsonLinesMessage mempool(List<byte[]> rawTxs) {
        return of(JsonLinesVariant.MEMPOOL, rawTxs);
    }

    public static JsonLinesMessage chain(List<byte[]> rawBlocks) {
        return of(JsonLinesVariant.CHAIN, rawBlocks);
    }

    public JsonLinesVariant variant() {
        return variant;
    }

    /** How many values the message carries. */
    public int size() {
        return values.size();
    }

    /** A copy of value {@code index}. */
    public byte[] value(int index) {
        return values.get(index).clone();
    }

    /** Copies of all values, in order. */
    public List<byte[]> values() {
        List<byte[]> copies = new ArrayList<>(values.size());
        values.forEach(v -> copies.add(v.clone()));
        return copies;
    }

    /** The values without copying, for this package only. */
    List<byte[]> valuesUnsafe() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof JsonLinesMessage other) || other.variant != variant || other.values.size() != values.size()) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (!java.util.Arrays.equals(values.get(i), other.values.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = variant.hashCode();
        for (byte[] v : values) {
            h = 31 * h + java.util.Arrays.hashCode(v);
        }
        return h;
    }

    @Override
    public String toString() {
        int bytes = values.stream().mapToInt(v -> v.length).sum();
        return variant.wireName() + "(" + values.size() + " value(s), " + bytes + " bytes)";
    }
}
