package org.skywave.transport.kiss;

import org.skywave.transport.MalformedFrameException;

/** Bytes from a TNC that do not form a valid KISS frame: bad escape, unknown command, missing type byte. */
public class KissFormatException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public KissFormatException(String message) {
        super(message);
    }
}
