package org.skywave.bridge.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * A station's identity: its 32-byte Ed25519 public key. Operators exchange it as 64 hex digits
 * ({@link #hex()}) for their trusted lists; logs show the shorter {@link #fingerprint()}.
 *
 * <p>Both the fingerprint and the {@link #keyId()} come from SHA-256 of the public key: the
 * fingerprint is its first 8 bytes, the key id its first 2, so the key id is the first group of
 * the fingerprint ({@code docs/protocol/authentication.md}, section 2).
 */
public final class StationId {

    /** An Ed25519 public key (RFC 8032, section 5.1.5). */
    public static final int BYTES = Ed25519.PUBLIC_KEY_SIZE;
    /** Bytes of SHA-256(public key) shown as the fingerprint: enough to tell stations apart by eye. */
    public static final int FINGERPRINT_BYTES = 8;
    /** Bytes of SHA-256(public key) that name the signer in a frame tag. */
    public static final int KEY_ID_BYTES = 2;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] key;
    private final byte[] digest;
    private final Ed25519PublicKeyParameters parameters;

    private StationId(byte[] key) {
        this.key = key;
        this.digest = sha256(key);
        // Decoded once here so that verifying a frame does not decode the point again.
        this.parameters = new Ed25519PublicKeyParameters(key);
    }

    /**
     * The station with public key {@code publicKey} (copied).
     *
     * @throws IllegalArgumentException when it is not 32 bytes or not a valid Ed25519 public key
     *                                  (not a curve point, or a point of small order)
     */
    public static StationId of(byte[] publicKey) {
        Objects.requireNonNull(publicKey, "publicKey");
        if (publicKey.length != BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + BYTES + " bytes, got " + publicKey.length);
        }
        if (!Ed25519.validatePublicKeyFull(publicKey, 0)) {
            throw new IllegalArgumentException("not a valid Ed25519 public key (not a point of the curve's prime-order"
                    + " subgroup): " + HEX.formatHex(publicKey));
        }
        return new StationId(publicKey.clone());
    }

    /**
     * The station whose public key is the 64 hex digits {@code hex} (either case, surrounding
     * blanks ignored), as an operator copies it from {@code skywave keygen}.
     *
     * @throws IllegalArgumentException naming the problem: wrong length, a non-hex character and
     *                                  its position, or not a valid public key
     */
    public static StationId fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        String digits = hex.strip();
        if (digits.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a station id is " + 2 * BYTES + " hex digits (a " + BYTES
                    + "-byte Ed25519 public key), got " + digits.length());
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("a station id is hex digits only; character " + (i + 1) + " of '"
                        + digits + "' is '" + digits.charAt(i) + "'");
            }
        }
        return of(HEX.parseHex(digits));
    }

    /** The 32-byte public key (a copy). */
    public byte[] bytes() {
        return key.clone();
    }

    /** The public key as 64 lower-case hex digits: what operators give their peers. */
    public String hex() {
        return HEX.formatHex(key);
    }

    /** The first 8 bytes of SHA-256(public key) as four colon-separated groups of four hex digits, for logs. */
    public String fingerprint() {
        StringBuilder s = new StringBuilder(19);
        for (int i = 0; i < FINGERPRINT_BYTES; i += 2) {
            if (i > 0) {
                s.append(':');
            }
            s.append(HEX.toHexDigits(digest[i])).append(HEX.toHexDigits(digest[i + 1]));
        }
        return s.toString();
    }

    /** The first 2 bytes of SHA-256(public key), big-endian, 0..65535: names the signer in a frame tag. */
    public int keyId() {
        return (digest[0] & 0xff) << 8 | digest[1] & 0xff;
    }

    /** Whether {@code signature} (64 bytes at {@code sigOffset}) is this station's signature of the message. */
    public boolean verify(byte[] message, int offset, int length, byte[] signature, int sigOffset) {
        Objects.checkFromIndexSize(offset, length, message.length);
        if (sigOffset < 0 || signature.length - sigOffset < StationKey.SIGNATURE_BYTES) {
            return false;
        }
        return parameters.verify(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, sigOffset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StationId other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** The fingerprint, never anything secret. */
    @Override
    public String toString() {
        return "StationId[" + fingerprint() + "]";
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
