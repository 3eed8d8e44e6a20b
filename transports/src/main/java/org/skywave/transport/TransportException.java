package org.skywave.transport;

import java.io.IOException;

/** A link could not be opened, or could not carry a frame. */
public class TransportException extends IOException {

    private static final long serialVersionUID = 1L;

    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
