package org.skywave.bridge.node;

import java.io.IOException;

/** A node did not do what was asked: not connected, did not request a transaction in time, closed. */
public class NodeException extends IOException {

    private static final long serialVersionUID = 1L;

    public NodeException(String message) {
        super(message);
    }

    public NodeException(String message, Throwable cause) {
        super(message, cause);
    }
}
