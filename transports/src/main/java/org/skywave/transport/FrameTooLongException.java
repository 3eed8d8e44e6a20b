package org.skywave.transport;

/** A frame longer than the decoder's limit; the message gives limit and actual length. */
public class FrameTooLongException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    public FrameTooLongException(String message) {
        super(message);
    }
}
