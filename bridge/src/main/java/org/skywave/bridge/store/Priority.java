package org.skywave.bridge.store;

/**
 * Priority classes of queued messages, highest first (DESIGN.md "Bandwidth awareness"). The
 * code is what the database stores; a lower code is sent first and evicted last.
 */
public enum Priority {
    /** HELLO, PING/PONG, ACK, REJECT, INV/GETDATA: small and needed to keep the link working. Never evicted. */
    CONTROL(0),
    TX(1),
    HEADERS(2),
    COMPACT_BLOCK(3),
    BLOCK(4);

    private static final Priority[] BY_CODE = values();

    private final int code;

    Priority(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The priority stored as {@code code}; a code no release has written is bad data on disk. */
    public static Priority fromCode(int code) throws StoreException {
        if (code < 0 || code >= BY_CODE.length) {
            throw new StoreException("unknown priority code " + code + " (known: 0.." + (BY_CODE.length - 1) + ")");
        }
        return BY_CODE[code];
    }
}
