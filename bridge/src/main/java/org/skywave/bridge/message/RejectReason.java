package org.skywave.bridge.message;

/** Why a station refused a message; carried by REJECT (key 1). Codes are part of the wire format. */
public enum RejectReason {
    /** The bytes are not a valid message. */
    MALFORMED(1),
    /** The kind code is not known to the receiver. */
    UNKNOWN_KIND(2),
    /** The message exceeds a size limit of the receiver or of the link. */
    TOO_LARGE(3),
    /** The sender exceeded the receiver's rate limit. */
    RATE_LIMITED(4),
    /** The receiver already has this message. */
    DUPLICATE(5),
    /** Well formed, but the payload is invalid for its network. */
    INVALID(6),
    /** The sender is not accepted by the receiver. */
    BANNED(7),
    /** Refused by the receiver's relay policy (type filter, size cap, network not carried). */
    POLICY(8);

    private final int code;

    RejectReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The reason with this code; an unknown code is malformed input. */
    public static RejectReason fromCode(int code) throws MalformedMessageException {
        for (RejectReason reason : values()) {
            if (reason.code == code) {
                return reason;
            }
        }
        throw new MalformedMessageException("unknown reject reason " + code, -1);
    }
}
