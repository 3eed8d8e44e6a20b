package org.skywave.bridge.framing;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TrustedPeers;

/**
 * Signs every frame with the station key and accepts frames signed by a trusted peer
 * ({@code docs/protocol/authentication.md}, section 3).
 *
 * <p>The tag is {@value #TAG_BYTES} bytes: the signer's 2-byte key id (big-endian, the first two
 * bytes of SHA-256 of its public key), then the 64-byte Ed25519 signature (RFC 8032, pure
 * Ed25519) of {@link #DOMAIN} followed by the covered frame bytes. The domain prefix keeps a
 * frame signature from ever being valid for anything else the station key signs. Verifying tries
 * each trusted key with the tag's key id (usually one). Thread-safe.
 */
public final class Ed25519FrameAuthenticator implements FrameAuthenticator {

    /** Signed (as ASCII, 16 bytes) before the covered bytes; never sent. */
    public static final String DOMAIN = "skywave-frame-v1";
    private static final byte[] DOMAIN_BYTES = DOMAIN.getBytes(StandardCharsets.US_ASCII);
    public static final int TAG_BYTES = StationId.KEY_ID_BYTES + StationKey.SIGNATURE_BYTES;

    private final StationKey key;
    private final TrustedPeers trusted;
    private final byte keyIdHigh;
    private final byte keyIdLow;

    /**
     * @param key     signs the frames this station sends
     * @param trusted the stations whose frames are accepted (this station's own key only if listed)
     */
    public Ed25519FrameAuthenticator(StationKey key, TrustedPeers trusted) {
        this.key = Objects.requireNonNull(key, "key");
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        int keyId = key.id().keyId();
        this.keyIdHigh = (byte) (keyId >>> 8);
        this.keyIdLow = (byte) keyId;
    }

    @Override
    public int tagLength() {
        return TAG_BYTES;
    }

    @Override
    public byte[] tag(byte[] covered, int offset, int length) {
        byte[] tag = new byte[TAG_BYTES];
        tag[0] = keyIdHigh;
        tag[1] = keyIdLow;
        byte[] signed = signedBytes(covered, offset, length);
        key.sign(signed, 0, signed.length, tag, StationId.KEY_ID_BYTES);
        return tag;
    }

    @Override
    public boolean verify(byte[] covered, int offset, int length, byte[] tag, int tagOffset) {
        return signer(covered, offset, length, tag, tagOffset).isPresent();
    }

    /**
     * The trusted station whose signature the tag at {@code tag[tagOffset]} is, over the covered
     * bytes; empty when no trusted key with the tag's key id signed them.
     */
    public Optional<StationId> signer(byte[] covered, int offset, int length, byte[] tag, int tagOffset) {
        Objects.checkFromIndexSize(offset, length, covered.length);
        if (tagOffset < 0 || tag.length - tagOffset < TAG_BYTES) {
            return Optional.empty();
        }
        int keyId = (tag[tagOffset] & 0xff) << 8 | tag[tagOffset + 1] & 0xff;
        var candidates = trusted.byKeyId(keyId);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        byte[] signed = signedBytes(covered, offset, length);
        for (StationId candidate : candidates) {
            if (candidate.verify(signed, 0, signed.length, tag, tagOffset + StationId.KEY_ID_BYTES)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** This station's id, whose key signs outgoing frames. */
    public StationId stationId() {
        return key.id();
    }

    public TrustedPeers trusted() {
        return trusted;
    }

    private static byte[] signedBytes(byte[] covered, int offset, int length) {
        byte[] signed = new byte[DOMAIN_BYTES.length + length];
        System.arraycopy(DOMAIN_BYTES, 0, signed, 0, DOMAIN_BYTES.length);
        System.arraycopy(covered, offset, signed, DOMAIN_BYTES.length, length);
        return signed;
    }

    @Override
    public String toString() {
        return "Ed25519FrameAuthenticator[key=" + key.id().fingerprint() + ", trusted=" + trusted.size() + "]";
    }
}
