package org.skywave.bridge.message;

/** The answer to a PING, echoing its nonce. */
public record PongMessage(long nonce) implements Message {

    @Override
    public MessageKind kind() {
        return MessageKind.PONG;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }
}
