package org.skywave.bridge.message;

import java.util.OptionalInt;
import org.skywave.transport.MalformedFrameException;

/**
 * Bytes that do not form a valid Skywave message. The message says what was wrong and where (key
 * and byte offset); {@link #rejectReason()} is the reason to answer the sender with in a REJECT.
 */
public class MalformedMessageException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    /** No kind code read: the input failed before key 0, or was refused unread. */
    private static final int NO_KIND = -1;

    private final RejectReason rejectReason;
    private final long offset;
    private final int kindCode;

    public MalformedMessageException(String message, long offset) {
        this(message, offset, RejectReason.MALFORMED, null);
    }

    public MalformedMessageException(String message, long offset, RejectReason rejectReason, Throwable cause) {
        this(message, offset, rejectReason, cause, NO_KIND);
    }

    /** With the kind code read from key 0 before the problem was found (known or not). */
    public MalformedMessageException(String message, long offset, RejectReason rejectReason, Throwable cause, int kindCode) {
        super(message, cause);
        this.rejectReason = rejectReason;
        this.offset = offset;
        this.kindCode = kindCode;
    }

    /**
     * The kind code of the refused message, when it could be read: a REJECT names it (key 3), and
     * a station never answers a malformed REJECT.
     */
    public OptionalInt readKind() {
        return kindCode == NO_KIND ? OptionalInt.empty() : OptionalInt.of(kindCode);
    }

    /** The reason a REJECT answering this input should carry. */
    public RejectReason rejectReason() {
        return rejectReason;
    }

    /** Byte offset in the input where the problem was found, or -1 when it concerns the input as a whole. */
    public long offset() {
        return offset;
    }
}
