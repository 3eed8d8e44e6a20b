package org.skywave.bridge.admin;

/**
 * The station cannot take a submitted transaction now (no radio link, store full or failing).
 * The message says why, for the operator; the transaction was not queued anywhere.
 */
public final class SubmitRefusedException extends Exception {

    public SubmitRefusedException(String message) {
        super(message);
    }

    public SubmitRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
