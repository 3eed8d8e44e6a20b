package org.skywave.bridge.message;

/** What an inventory hash names; codes follow Bitcoin's inventory types where they overlap (1, 2, 4). */
public enum InventoryType {
    TRANSACTION(1),
    BLOCK(2),
    HEADER(3),
    COMPACT_BLOCK(4);

    private final int code;

    InventoryType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type with this code; an unknown code is malformed input. */
    public static InventoryType fromCode(int code) throws MalformedMessageException {
        for (InventoryType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new MalformedMessageException("unknown inventory type " + code, -1);
    }
}
