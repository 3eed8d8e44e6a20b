package org.skywave.bridge.gate;

import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageKind;

/**
 * Decides where a message may go, after APRS iGate practice: what comes from the internet (or
 * from the operator) goes out on the radio links; what comes from the air goes to the internet
 * links. RF-to-RF relaying, rate limits and size caps are policy added on top of this.
 */
public final class Gate {

    /** Which side of the bridge a link is on. */
    public enum Side { LOCAL, INTERNET, RADIO }

    /** True if a message that arrived on {@code from} should be queued for a link on {@code to}. */
    public boolean relays(Side from, Side to, Message message) {
        if (isLinkLocal(message.kind())) {
            return false;
        }
        return switch (from) {
            case LOCAL, INTERNET -> to == Side.RADIO;
            case RADIO -> to == Side.INTERNET;
        };
    }

    /**
     * Link-local control (handshake, keep-alive, acknowledgements, rejects) is answered by the
     * station that hears it and never travels further, nor is it acknowledged.
     */
    public static boolean isLinkLocal(MessageKind kind) {
        return switch (kind) {
            case HELLO, PING, PONG, ACK, REJECT -> true;
            default -> false;
        };
    }
}
