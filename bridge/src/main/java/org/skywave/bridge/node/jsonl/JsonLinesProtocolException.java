package org.skywave.bridge.node.jsonl;

import org.skywave.transport.MalformedFrameException;

/** A line from a JSON-lines peer, or a value offered to one, that is not a valid message of the protocol. */
public class JsonLinesProtocolException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public JsonLinesProtocolException(String message) {
        super(message);
    }

    public JsonLinesProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
