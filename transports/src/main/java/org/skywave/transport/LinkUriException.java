package org.skywave.transport;

/** A link URI that cannot be used: unknown scheme, missing or impossible parameter. */
public class LinkUriException extends TransportException {

    private static final long serialVersionUID = 1L;

    public LinkUriException(String message) {
        super(message);
    }
}
