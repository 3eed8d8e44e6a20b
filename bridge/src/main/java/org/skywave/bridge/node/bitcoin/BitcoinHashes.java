package org.skywave.bridge.node.bitcoin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Double SHA-256 and the reversed hex in which Bitcoin software displays hashes. */
public final class BitcoinHashes {

    /** Length of a block header as hashed and as carried in a {@code headers} message. */
    public static final int BLOCK_HEADER_LENGTH = 80;

    private BitcoinHashes() {
    }

    public static byte[] doubleSha256(byte[] data) {
        return doubleSha256(data, 0, data.length);
    }

    public static byte[] doubleSha256(byte[] data, int offset, int length) {
        MessageDigest sha256 = sha256();
        sha256.update(data, offset, length);
        return sha256.digest(sha256.digest());
    }

    /** The hash of an 80-byte block header, in internal byte order. */
    public static byte[] blockHash(byte[] header) {
        if (header.length != BLOCK_HEADER_LENGTH) {
            throw new IllegalArgumentException("block header must be " + BLOCK_HEADER_LENGTH + " bytes, got " + header.length);
        }
        return doubleSha256(header);
    }

    /** Internal byte order to the hex shown by RPC and explorers (byte-reversed). */
    public static String toDisplayHex(byte[] hash) {
        return HexFormat.of().formatHex(reversed(hash));
    }

    /** The hex shown by RPC and explorers to internal byte order. */
    public static byte[] fromDisplayHex(String hex) {
        return reversed(HexFormat.of().parseHex(hex));
    }

    static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
