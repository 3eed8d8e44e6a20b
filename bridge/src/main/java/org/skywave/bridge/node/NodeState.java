package org.skywave.bridge.node;

/** The life of a node connection, as reported to its listener. */
public enum NodeState {
    /** Dialling, handshaking, or waiting before the next reconnect attempt. */
    CONNECTING,
    /** Handshake done: announcements flow in and transactions can be submitted. */
    UP,
    /** Connection lost or refused; a reconnect follows after a back-off delay. */
    DOWN,
    /** Closed by us; final. */
    CLOSED
}
