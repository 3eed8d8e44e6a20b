package org.skywave.bridge.message;

import java.util.List;

/**
 * The kinds of message, with the code carried under key 0 and the names of their keys 1, 2, ...
 * in order (used in error messages and the protocol document). Codes are part of the wire format.
 */
public enum MessageKind {
    HELLO(1, "protocol version", "station id", "callsign", "services", "best height", "time", "nonce"),
    PING(2, "nonce"),
    PONG(3, "nonce"),
    INV(4, "items"),
    GETDATA(5, "items"),
    TX(6, "network", "raw transaction", "compact transaction"),
    BLOCK(7, "network", "raw block"),
    HEADERS(8, "network", "headers", "compact header chain"),
    GETHEADERS(9, "network", "locator", "stop hash"),
    CMPCTBLOCK(10, "network", "header", "nonce", "short ids", "prefilled transactions"),
    GETBLOCKTXN(11, "network", "block hash", "indexes"),
    BLOCKTXN(12, "network", "block hash", "transactions"),
    MEMPOOL(13, "network"),
    ADDR(14, "peers"),
    ACK(15, "ids", "id prefixes"),
    REJECT(16, "reason", "rejected id", "rejected kind", "text");

    private static final MessageKind[] BY_CODE = new MessageKind[17];

    static {
        for (MessageKind kind : values()) {
            BY_CODE[kind.code] = kind;
        }
    }

    private final int code;
    private final List<String> keyNames;

    MessageKind(int code, String... keyNames) {
        this.code = code;
        this.keyNames = List.of(keyNames);
    }

    public int code() {
        return code;
    }

    /** The kind with this code. */
    public static MessageKind fromCode(int code) throws UnknownKindException {
        MessageKind kind = byCode(code);
        if (kind == null) {
            throw new UnknownKindException(code, -1);
        }
        return kind;
    }

    static MessageKind byCode(long code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[(int) code] : null;
    }

    /** The highest key this kind defines; keys above it are skipped by decoders. */
    public int maxKey() {
        return keyNames.size();
    }

    /** {@code "kind"} for key 0, the field's name for a key this kind defines, else {@code "unknown"}. */
    public String keyName(long key) {
        if (key == 0) {
            return "kind";
        }
        return key > 0 && key <= keyNames.size() ? keyNames.get((int) key - 1) : "unknown";
    }
}
