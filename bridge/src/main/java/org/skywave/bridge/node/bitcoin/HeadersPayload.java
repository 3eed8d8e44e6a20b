package org.skywave.bridge.node.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code headers} message: a count, then per block an 80-byte header followed by a
 * transaction count that is always 0 (https://en.bitcoin.it/wiki/Protocol_documentation#headers).
 */
public final class HeadersPayload {

    /** Most headers in one message: Bitcoin Core's {@code MAX_HEADERS_RESULTS}. */
    public static final int MAX_HEADERS_RESULTS = 2000;

    private HeadersPayload() {
    }

    public static BitcoinMessage toMessage(List<byte[]> headers) {
        if (headers.size() > MAX_HEADERS_RESULTS) {
            throw new IllegalArgumentException(headers.size() + " headers exceed MAX_HEADERS_RESULTS " + MAX_HEADERS_RESULTS);
        }
        PayloadWriter out = new PayloadWriter(3 + headers.size() * (BitcoinHashes.BLOCK_HEADER_LENGTH + 1));
        out.varInt(headers.size());
        for (byte[] header : headers) {
            if (header.length != BitcoinHashes.BLOCK_HEADER_LENGTH) {
                throw new IllegalArgumentException("header must be 80 bytes, got " + header.length);
            }
            out.bytes(header).varInt(0);
        }
        return BitcoinMessage.wrap(BitcoinCommand.HEADERS, out.toByteArray());
    }

    /** The 80-byte headers, oldest first. */
    public static List<byte[]> decode(byte[] payload) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(BitcoinCommand.HEADERS, payload);
        int count = in.varInt("count", MAX_HEADERS_RESULTS);
        List<byte[]> headers = new ArrayList<>(Math.min(count, in.remaining() / (BitcoinHashes.BLOCK_HEADER_LENGTH + 1) + 1));
        for (int i = 0; i < count; i++) {
            headers.add(in.bytes(BitcoinHashes.BLOCK_HEADER_LENGTH, "header[" + i + "]"));
            in.varInt("header[" + i + "].tx_count", 0);
        }
        in.end();
        return headers;
    }
}
