package org.skywave.bridge.message;

import java.util.List;
import java.util.Objects;

/**
 * Asks for the headers that follow the first locator hash the receiver knows, up to the stop hash
 * (all zeros: as many as allowed), as Bitcoin's getheaders does.
 */
public record GetHeadersMessage(Network network, List<MessageId> locator, MessageId stopHash) implements Message {

    public GetHeadersMessage {
        Objects.requireNonNull(network, "network");
        locator = Values.copyList(locator, "locator", MessageLimits.MAX_LOCATOR_HASHES);
        Objects.requireNonNull(stopHash, "stopHash");
    }

    @Override
    public MessageKind kind() {
        return MessageKind.GETHEADERS;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public String toString() {
        return "GetHeadersMessage[network=" + network + ", locator=" + Values.previewList(locator)
                + ", stopHash=" + stopHash + "]";
    }
}
