package org.skywave.transport;

/**
 * Receives what a {@link Link} reports: inbound frames, state changes, sessions with peers,
 * profile changes, channel busy and writability. Every method but {@link #onFrame} has a default
 * that ignores the event, so a listener implements only what it uses.
 */
public interface LinkListener {

    /** One whole frame arrived. The array belongs to the listener. */
    void onFrame(InboundFrame frame);

    /** The link changed state; {@code detail} says why in words an operator understands. */
    default void onStateChanged(LinkState state, String detail) {
    }

    /**
     * A session with {@code peer} changed state (see {@link SessionState}); {@code detail} says why,
     * and for {@link SessionState#FAILED} and {@link SessionState#DOWN} gives the reason (no
     * answer, busy channel, link lost, idle). {@code peer} is the address frames from the peer
     * carry in {@link InboundFrame#from()} and the one {@link Link#send} takes.
     */
    default void onSession(LinkAddress peer, SessionState state, String detail) {
    }

    /**
     * The link's figures changed during its life (a modem changed speed level, a session was
     * negotiated at another bandwidth): {@link Link#profile()} returns {@code profile} from now on.
     * Frames already framed to the old MTU are still carried.
     */
    default void onProfileChanged(LinkProfile profile, String detail) {
    }

    /** The channel became busy (someone else on the air) or free again; see {@link Link#isChannelBusy()}. */
    default void onChannelBusy(boolean busy) {
    }

    /** Back-pressure changed; see {@link Link#isWritable()}. */
    default void onWritabilityChanged(boolean writable) {
    }
}
