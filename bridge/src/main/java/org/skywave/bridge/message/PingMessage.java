package org.skywave.bridge.message;

/** Asks the peer to answer with a PONG carrying the same nonce: liveness and round-trip time. */
public record PingMessage(long nonce) implements Message {

    @Override
    public MessageKind kind() {
        return MessageKind.PING;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }
}
