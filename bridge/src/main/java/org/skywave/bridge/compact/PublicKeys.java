package org.skywave.bridge.compact;

import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;

/**
 * secp256k1 public keys in 32 bytes plus a parity bit (SEC 1, section 2.3.3/2.3.4): an uncompressed
 * key {@code 04 x y} is rebuilt from {@code x} and the parity of {@code y}, as the curve fixes
 * {@code y} up to its sign. Also HASH160, which P2SH-P2WPKH scripts commit to.
 */
final class PublicKeys {

    private static final ECCurve CURVE;

    static {
        X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
        CURVE = p.getCurve();
    }

    private PublicKeys() {
    }

    /**
     * The 65-byte key {@code 04 x y} whose {@code y} has parity {@code odd}; null when {@code x} is not
     * the x coordinate of a curve point.
     */
    static byte[] uncompressed(byte[] x, boolean odd) {
        byte[] compressed = new byte[33];
        compressed[0] = (byte) (odd ? 0x03 : 0x02);
        System.arraycopy(x, 0, compressed, 1, 32);
        try {
            return CURVE.decodePoint(compressed).getEncoded(false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** True when {@code key} is a 65-byte {@code 04 x y} that {@link #uncompressed} rebuilds exactly. */
    static boolean isRebuildable(byte[] key) {
        if (key.length != 65 || key[0] != 0x04) {
            return false;
        }
        byte[] rebuilt = uncompressed(Arrays.copyOfRange(key, 1, 33), (key[64] & 1) != 0);
        return rebuilt != null && Arrays.equals(rebuilt, key);
    }

    /** RIPEMD-160 of SHA-256, Bitcoin's HASH160. */
    static byte[] hash160(byte[] data) {
        byte[] sha = sha256(data);
        RIPEMD160Digest ripemd = new RIPEMD160Digest();
        ripemd.update(sha, 0, sha.length);
        byte[] out = new byte[20];
        ripemd.doFinal(out, 0);
        return out;
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest sha = new SHA256Digest();
        sha.update(data, 0, data.length);
        byte[] out = new byte[32];
        sha.doFinal(out, 0);
        return out;
    }
}
