package org.skywave.bridge.message;

import java.util.List;

/** Peers the sender knows, by transport URI. */
public record AddrMessage(List<PeerAddress> peers) implements Message {

    public AddrMessage {
        peers = Values.copyList(peers, "peers", MessageLimits.MAX_ADDR_PEERS);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.ADDR;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "AddrMessage[peers=" + Values.previewList(peers) + "]";
    }
}
