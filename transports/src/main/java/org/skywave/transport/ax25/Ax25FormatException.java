package org.skywave.transport.ax25;

import java.util.Objects;
import org.skywave.transport.MalformedFrameException;

/** An AX.25 frame Skywave cannot take: malformed, or well formed but not a UI frame. */
public class Ax25FormatException extends MalformedFrameException {

    private static final long serialVersionUID = 1L;

    /** What was wrong, so a link can tell other stations' traffic from damaged frames. */
    public enum Problem {
        /** Shorter than its own fields say. */
        TRUNCATED,
        /** A callsign or SSID byte that the spec does not allow. */
        BAD_ADDRESS,
        /** More than 8 digipeaters, or no extension bit where the address field must end. */
        BAD_ADDRESS_FIELD,
        /** A valid frame of another type (I, S, or a U frame other than UI): not ours to read. */
        NOT_UI,
        /** An information field longer than the limit. */
        TOO_LONG
    }

    private final Problem problem;

    public Ax25FormatException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
