package org.skywave.bridge.framing;

import java.security.MessageDigest;
import java.util.Objects;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Tags every frame with HMAC-SHA256 (RFC 2104) under a secret shared by the stations of a link,
 * truncated to its first {@link #tagLength()} bytes (RFC 2104, section 5)
 * ({@code docs/protocol/authentication.md}, section 4). Cheaper on air than a signature, but
 * anyone holding the secret can tag, and a tag does not say which holder made it. Thread-safe.
 */
public final class HmacFrameAuthenticator implements FrameAuthenticator {

    /** 64 bits: a forger needs about 2^63 tries, each a frame on the air. */
    public static final int DEFAULT_TAG_BYTES = 8;
    /** 32 bits: below this, guessing a tag on a busy link becomes plausible. */
    public static final int MIN_TAG_BYTES = 4;
    /** The whole HMAC-SHA256 output. */
    public static final int MAX_TAG_BYTES = 32;
    /** 128 bits, the strength the tag can at most give; shorter secrets could be guessed offline from one frame. */
    public static final int MIN_SECRET_BYTES = 16;

    private final int tagLength;
    private final ThreadLocal<HMac> macs;

    /** With the default {@value #DEFAULT_TAG_BYTES}-byte tag. */
    public HmacFrameAuthenticator(byte[] secret) {
        this(secret, DEFAULT_TAG_BYTES);
    }

    /**
     * @param secret    shared by every station of the link, at least {@value #MIN_SECRET_BYTES} bytes (copied)
     * @param tagLength bytes of the HMAC kept, {@value #MIN_TAG_BYTES}..{@value #MAX_TAG_BYTES}
     */
    public HmacFrameAuthenticator(byte[] secret, int tagLength) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("HMAC secret of " + secret.length + " bytes is shorter than the minimum of "
                    + MIN_SECRET_BYTES);
        }
        if (tagLength < MIN_TAG_BYTES || tagLength > MAX_TAG_BYTES) {
            throw new IllegalArgumentException("tagLength not in " + MIN_TAG_BYTES + ".." + MAX_TAG_BYTES + ": " + tagLength);
        }
        this.tagLength = tagLength;
        KeyParameter key = new KeyParameter(secret.clone());
        // HMac is stateful; one per thread keeps the padded key state precomputed.
        this.macs = ThreadLocal.withInitial(() -> {
            HMac mac = new HMac(new SHA256Digest());
            mac.init(key);
            return mac;
        });
    }

    @Override
    public int tagLength() {
        return tagLength;
    }

    @Override
    public byte[] tag(byte[] covered, int offset, int length) {
        byte[] full = fullMac(covered, offset, length);
        byte[] tag = new byte[tagLength];
        System.arraycopy(full, 0, tag, 0, tagLength);
        return tag;
    }

    @Override
    public boolean verify(byte[] covered, int offset, int length, byte[] tag, int tagOffset) {
        if (tagOffset < 0 || tag.length - tagOffset < tagLength) {
            return false;
        }
        byte[] full = fullMac(covered, offset, length);
        byte[] received = new byte[tagLength];
        System.arraycopy(tag, tagOffset, received, 0, tagLength);
        byte[] expected = new byte[tagLength];
        System.arraycopy(full, 0, expected, 0, tagLength);
        // Constant time: how many leading bytes matched must not leak through timing.
        return MessageDigest.isEqual(expected, received);
    }

    private byte[] fullMac(byte[] covered, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, covered.length);
        HMac mac = macs.get();
        mac.update(covered, offset, length);
        byte[] full = new byte[mac.getMacSize()];
        mac.doFinal(full, 0); // also resets it for the next frame
        return full;
    }

    /** Never shows the secret. */
    @Override
    public String toString() {
        return "HmacFrameAuthenticator[tag=" + tagLength + "]";
    }
}
