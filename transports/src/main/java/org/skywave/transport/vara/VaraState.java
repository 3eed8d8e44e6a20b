package org.skywave.transport.vara;

/** The host's view of the modem's session (vara.md section 5). */
public enum VaraState {
    /** No session, and inbound calls are refused (LISTEN OFF), or the modem is not reachable. */
    DISCONNECTED,
    /** No session; inbound calls are taken (LISTEN ON). */
    LISTENING,
    /** CONNECT sent; waiting for CONNECTED or DISCONNECTED. */
    CONNECTING,
    /** A session is up; bytes flow on the data port. */
    CONNECTED,
    /** DISCONNECT sent; waiting for DISCONNECTED. */
    DISCONNECTING
}
