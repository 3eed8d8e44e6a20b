package org.skywave.transport;

/** Receives what a {@link Link} reports: inbound frames, state changes and writability. */
public interface LinkListener {

    /** One whole frame arrived. The array belongs to the listener. */
    void onFrame(InboundFrame frame);

    /** The link changed state; {@code detail} says why in words an operator understands. */
    default void onStateChanged(LinkState state, String detail) {
    }

    /** Back-pressure changed; see {@link Link#isWritable()}. */
    default void onWritabilityChanged(boolean writable) {
    }
}
