package org.skywave.bridge.node.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code getheaders} message: protocol version, block locator hashes (newest first) and a stop
 * hash, all in internal byte order. With an empty locator a node answers with the single header of
 * the stop hash, which is how we fetch the header of a block announced by {@code inv}.
 */
public record GetHeadersPayload(int version, List<byte[]> locator, byte[] stopHash) {

    /** Most locator entries a node accepts: Bitcoin Core's {@code MAX_LOCATOR_SZ}. */
    public static final int MAX_LOCATOR_SZ = 101;

    public GetHeadersPayload {
        if (locator.size() > MAX_LOCATOR_SZ) {
            throw new IllegalArgumentException("locator of " + locator.size() + " hashes exceeds MAX_LOCATOR_SZ " + MAX_LOCATOR_SZ);
        }
        List<byte[]> copy = new ArrayList<>(locator.size());
        for (byte[] hash : locator) {
            copy.add(checkHash(hash).clone());
        }
        locator = List.copyOf(copy);
        stopHash = checkHash(stopHash).clone();
    }

    private static byte[] checkHash(byte[] hash) {
        if (hash.length != InventoryItem.HASH_LENGTH) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + hash.length);
        }
        return hash;
    }

    @Override
    public List<byte[]> locator() {
        return locator.stream().map(byte[]::clone).toList();
    }

    @Override
    public byte[] stopHash() {
        return stopHash.clone();
    }

    public BitcoinMessage toMessage() {
        PayloadWriter out = new PayloadWriter(4 + 1 + 32 * (locator.size() + 1));
        out.i32(version).varInt(locator.size());
        locator.forEach(out::bytes);
        out.bytes(stopHash);
        return BitcoinMessage.wrap(BitcoinCommand.GETHEADERS, out.toByteArray());
    }

    public static GetHeadersPayload decode(byte[] payload) throws BitcoinProtocolException {
        PayloadReader in = new PayloadReader(BitcoinCommand.GETHEADERS, payload);
        int version = in.i32("version");
        int count = in.varInt("locator count", MAX_LOCATOR_SZ);
        List<byte[]> locator = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            locator.add(in.bytes(32, "locator[" + i + "]"));
        }
        byte[] stop = in.bytes(32, "hash_stop");
        in.end();
        return new GetHeadersPayload(version, locator, stop);
    }
}
