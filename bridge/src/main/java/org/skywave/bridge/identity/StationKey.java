package org.skywave.bridge.identity;

import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The station's Ed25519 key pair (RFC 8032, pure Ed25519, no context): it signs what the station
 * sends, and its public half is the {@link StationId} peers trust. Signing is deterministic and
 * thread-safe. {@link #toString()} never shows the private key.
 */
public final class StationKey {

    /** An Ed25519 private key is a 32-byte seed (RFC 8032, section 5.1.5). */
    public static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;
    public static final int SIGNATURE_BYTES = Ed25519.SIGNATURE_SIZE;

    private final Ed25519PrivateKeyParameters privateKey;
    private final StationId id;

    private StationKey(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.id = StationId.of(privateKey.generatePublicKey().getEncoded());
    }

    /** A new key pair from {@code random} (32 random bytes make the seed). */
    public static StationKey generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        return new StationKey(new Ed25519PrivateKeyParameters(random));
    }

    /**
     * The key pair of a 32-byte private seed (copied), as stored by {@link KeyFile}.
     *
     * @throws IllegalArgumentException when the seed is not 32 bytes
     */
    public static StationKey fromSeed(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private seed is " + SEED_BYTES + " bytes, got " + seed.length);
        }
        return new StationKey(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** The private seed (a copy): only {@link KeyFile} needs it. */
    byte[] seed() {
        return privateKey.getEncoded();
    }

    /** The station id: the public key. */
    public StationId id() {
        return id;
    }

    /** The 32-byte public key (a copy). */
    public byte[] publicKey() {
        return id.bytes();
    }

    /** The 64-byte signature of {@code message}. */
    public byte[] sign(byte[] message) {
        Objects.requireNonNull(message, "message");
        return sign(message, 0, message.length);
    }

    /** The 64-byte signature of {@code message[offset, offset + length)}. */
    public byte[] sign(byte[] message, int offset, int length) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        sign(message, offset, length, signature, 0);
        return signature;
    }

    /** Writes the 64-byte signature of {@code message[offset, offset + length)} at {@code signature[sigOffset]}. */
    public void sign(byte[] message, int offset, int length, byte[] signature, int sigOffset) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        Objects.checkFromIndexSize(offset, length, message.length);
        Objects.checkFromIndexSize(sigOffset, SIGNATURE_BYTES, signature.length);
        privateKey.sign(Ed25519.Algorithm.Ed25519, null, message, offset, length, signature, sigOffset);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} by the 32-byte public key
     * {@code publicKey}. Any malformed input (wrong lengths, an invalid public key) is simply not
     * a valid signature: this never throws for bad bytes.
     */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        if (publicKey.length != StationId.BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        StationId signer;
        try {
            signer = StationId.of(publicKey);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return signer.verify(message, 0, message.length, signature, 0);
    }

    @Override
    public String toString() {
        return "StationKey[" + id.fingerprint() + "]";
    }
}
