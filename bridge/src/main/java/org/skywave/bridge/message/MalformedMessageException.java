package org.skywave.bridge.message;

import org.skywave.transport.MalformedFrameException;

/**
 * Bytes that do not form a valid Skywave message. The message says what was wrong and where (key
 * and byte offset); {@link #rejectReason()} is the reason to answer the sender with in a REJECT.
 */
public class MalformedMessageException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    private final RejectReason rejectReason;
    private final long offset;

    public MalformedMessageException(String message, long offset) {
        this(message, offset, RejectReason.MALFORMED, null);
    }

    public MalformedMessageException(String message, long offset, RejectReason rejectReason, Throwable cause) {
        super(message, cause);
        this.rejectReason = rejectReason;
        this.offset = offset;
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
