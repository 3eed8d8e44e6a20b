package org.skywave.bridge.admin;

/** The admin API could not be reached or refused a request; the message is meant for the operator. */
public final class AdminClientException extends Exception {

    private final int status;

    AdminClientException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status the API answered with, or 0 if there was no answer. */
    public int status() {
        return status;
    }
}
