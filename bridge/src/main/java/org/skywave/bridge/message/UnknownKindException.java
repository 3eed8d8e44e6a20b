package org.skywave.bridge.message;

/** A well-formed message whose kind code this implementation does not know: answer with REJECT UNKNOWN_KIND. */
public final class UnknownKindException extends MalformedMessageException {

    private static final long serialVersionUID = 1L;

    private final int kindCode;

    public UnknownKindException(int kindCode, long offset) {
        super("unknown message kind " + kindCode + " (0x" + Integer.toHexString(kindCode) + ")"
                + (offset >= 0 ? " at offset " + offset : ""), offset, RejectReason.UNKNOWN_KIND, null, kindCode);
        this.kindCode = kindCode;
    }

    /** The kind code as received, to be echoed in the REJECT. */
    public int kindCode() {
        return kindCode;
    }
}
