package org.skywave.bridge.node.jsonl;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The variants of the design's {@code P2PMessage} enum, as serde names them on the wire, with the
 * shape of what each carries: nothing (a bare string), one value, or a list of values.
 */
public enum JsonLinesVariant {
    GET_CHAIN("GetChain", Shape.UNIT),
    CHAIN("Chain", Shape.LIST),
    GET_MEMPOOL("GetMempool", Shape.UNIT),
    MEMPOOL("Mempool", Shape.LIST),
    NEW_BLOCK("NewBlock", Shape.ONE),
    NEW_TRANSACTION("NewTransaction", Shape.ONE);

    /** What a variant carries: serde's unit variant, or a newtype variant around one value or a {@code Vec}. */
    public enum Shape { UNIT, ONE, LIST }

    private static final String KNOWN = Arrays.stream(values()).map(JsonLinesVariant::wireName).collect(Collectors.joining(", "));

    private final String wireName;
    private final Shape shape;

    JsonLinesVariant(String wireName, Shape shape) {
        this.wireName = wireName;
        this.shape = shape;
    }

    /** The name serde writes, e.g. {@code NewTransaction}. */
    public String wireName() {
        return wireName;
    }

    public Shape shape() {
        return shape;
    }

    /** The variant serde names {@code name} (case-sensitive, as serde is). */
    public static JsonLinesVariant fromWireName(String name) throws JsonLinesProtocolException {
        for (JsonLinesVariant v : values()) {
            if (v.wireName.equals(name)) {
                return v;
            }
        }
        throw new JsonLinesProtocolException("unknown message '" + LinePreview.ofText(name) + "' (known: " + KNOWN + ")");
    }
}
