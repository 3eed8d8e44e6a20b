package org.skywave.transport;

import java.io.IOException;

/** Bytes from a peer that do not form a valid frame of the protocol being decoded. */
public class MalformedFrameException extends IOException {

    private static final long serialVersionUID = 1L;

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
