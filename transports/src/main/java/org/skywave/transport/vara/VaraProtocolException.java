package org.skywave.transport.vara;

import org.skywave.transport.MalformedFrameException;

/** A line or byte stream from a VARA modem that breaks vara.md: an over-long line, a field that should be a number, a bad frame length. */
public class VaraProtocolException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public VaraProtocolException(String message) {
        super(message);
    }
}
