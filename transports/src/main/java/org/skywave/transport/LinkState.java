package org.skywave.transport;

/** The life of a link, as reported to its listener. */
public enum LinkState {
    /** Dialling, or waiting before the next reconnect attempt. */
    CONNECTING,
    /** Frames can flow. For a listener: at least one peer is connected. */
    UP,
    /** Lost (peer gone, TNC unplugged, modem stopped); a reconnect may follow. */
    DOWN,
    /** Closed by us; final. */
    CLOSED
}
