package org.skywave.bridge.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.Blake3Digest;

/** The digests message ids are made of. */
final class Hashes {

    private Hashes() {
    }

    static byte[] sha256(byte[] bytes, int offset, int length) {
        MessageDigest digest = sha256Digest();
        digest.update(bytes, offset, length);
        return digest.digest();
    }

    /** Bitcoin's hash: SHA-256 of SHA-256, in internal byte order (not the reversed display order). */
    static byte[] doubleSha256(byte[] bytes, int offset, int length) {
        byte[] once = sha256(bytes, offset, length);
        return sha256Digest().digest(once);
    }

    /** BLAKE3 with its default 256-bit output. */
    static byte[] blake3(byte[] bytes) {
        Blake3Digest digest = new Blake3Digest(256);
        digest.update(bytes, 0, bytes.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
