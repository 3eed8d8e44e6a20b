package org.skywave.transport;

/**
 * The life of one session with one peer, as a link reports it through
 * {@link LinkListener#onSession}. A session is what carries frames to a peer on a connected link:
 * a TCP connection, a VARA ARQ connection to one callsign, a simulated connected session. A
 * connectionless link (AX.25 UI frames over KISS, JS8Call directed text) has no sessions.
 */
public enum SessionState {
    /** Being set up: dialling, or a VARA CONNECT sent and not yet answered. */
    OPENING,
    /** Frames flow to and from the peer; the station introduces itself with a HELLO now. */
    UP,
    /** Being taken down, by us or the peer; what was queued to the peer is still being carried. */
    CLOSING,
    /** Ended after it was up; no frame goes to the peer until a new session comes up. */
    DOWN,
    /** Could not be set up (no answer, busy, refused); the detail says why. */
    FAILED
}
