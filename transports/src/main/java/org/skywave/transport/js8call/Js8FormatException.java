package org.skywave.transport.js8call;

import org.skywave.transport.MalformedFrameException;

/** Text or JSON from JS8Call that is not a valid Skywave chunk or API message. */
public class Js8FormatException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public Js8FormatException(String message) {
        super(message);
    }
}
