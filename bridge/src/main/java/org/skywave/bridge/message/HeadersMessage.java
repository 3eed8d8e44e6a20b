package org.skywave.bridge.message;

import java.util.List;
import java.util.Objects;

/** Raw block headers of one network, in chain order; the answer to GETHEADERS. */
public record HeadersMessage(Network network, List<byte[]> headers) implements Message {

    public HeadersMessage {
        Objects.requireNonNull(network, "network");
        headers = Values.copyAll(headers, "headers", MessageLimits.MAX_HEADERS, 1, MessageLimits.MAX_HEADER_BYTES);
    }

    /** A copy: the list and its arrays may be changed freely. */
    @Override
    public List<byte[]> headers() {
        return Values.deepCopy(headers);
    }

    /** The number of headers, without copying them. */
    public int count() {
        return headers.size();
    }

    List<byte[]> headersView() {
        return headers;
    }

    @Override
    public MessageKind kind() {
        return MessageKind.HEADERS;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeadersMessage m && network == m.network && Values.equalLists(headers, m.headers);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + Values.hashList(headers);
    }

    @Override
    public String toString() {
        return "HeadersMessage[network=" + network + ", headers=" + Values.previewBytesList(headers) + "]";
    }
}
