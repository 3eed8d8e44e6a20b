package org.skywave.bridge.framing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TestKeys;
import org.skywave.bridge.identity.TrustedPeers;
import org.skywave.transport.MalformedFrameException;

class Ed25519FrameAuthenticatorTest {

    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032, section 7.1, TEST 1: the key of the worked example in docs/protocol/authentication.md. */
    private static final StationKey RFC_KEY =
            StationKey.fromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));

    @Test
    void workedExampleFromTheProtocolDocument() throws MalformedFrameException {
        Ed25519FrameAuthenticator authenticator = new Ed25519FrameAuthenticator(RFC_KEY, TrustedPeers.of(RFC_KEY.id()));
        List<byte[]> frames = new Fragmenter(256, authenticator, false, 0).frames("hello".getBytes(StandardCharsets.US_ASCII));
        assertEquals(1, frames.size());
        assertEquals("14" + "68656c6c6f" + "21fe"
                + "d8c17eeb98c8df0766324c74e54b626d85c5def7121fe22cf8508e2b4c2ad395"
                + "f3f20117ede159afe7c82bdec5b1cf82dbdf281b262da6505c18a48787c81f0b", HEX.formatHex(frames.get(0)));
        assertEquals(0x21fe, RFC_KEY.id().keyId());
        assertEquals("21fe:31df:a154:a261", RFC_KEY.id().fingerprint());
        Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), authenticator, () -> 0L);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), reassembler.accept("x", frames.get(0)).orElseThrow());
    }

    @Test
    void signatureIsPlainEd25519OfTheDomainThenTheCoveredBytesAsTheJdkChecksIt() throws GeneralSecurityException {
        StationKey key = TestKeys.key(90);
        Ed25519FrameAuthenticator authenticator = new Ed25519FrameAuthenticator(key, TrustedPeers.none());
        byte[] covered = HEX.parseHex("112a000301020304");
        byte[] tag = authenticator.tag(covered, 0, covered.length);
        assertEquals(Ed25519FrameAuthenticator.TAG_BYTES, tag.length);
        assertEquals(66, tag.length);
        assertEquals(key.id().keyId(), (tag[0] & 0xff) << 8 | tag[1] & 0xff);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(jdkPublicKey(key.publicKey()));
        jdk.update("skywave-frame-v1".getBytes(StandardCharsets.US_ASCII));
        jdk.update(covered);
        assertTrue(jdk.verify(Arrays.copyOfRange(tag, 2, 66)));
    }

    @Test
    void coversOnlyTheGivenRange() {
        StationKey key = TestKeys.key(91);
        Ed25519FrameAuthenticator authenticator = new Ed25519FrameAuthenticator(key, TrustedPeers.of(key.id()));
        byte[] buffer = HEX.parseHex("ffff10010203eeee");
        byte[] tag = authenticator.tag(buffer, 2, 4);
        assertArrayEquals(tag, authenticator.tag(HEX.parseHex("10010203"), 0, 4));
        byte[] frame = new byte[4 + 66];
        System.arraycopy(buffer, 2, frame, 0, 4);
        System.arraycopy(tag, 0, frame, 4, 66);
        assertTrue(authenticator.verify(frame, 0, 4, frame, 4));
        assertFalse(authenticator.verify(frame, 0, 3, frame, 4));
        assertFalse(authenticator.verify(frame, 0, 4, frame, 5), "tag runs past the array");
    }

    @Test
    void signerNamesTheTrustedStationThatSigned() {
        StationKey a = TestKeys.key(92);
        StationKey b = TestKeys.key(93);
        Ed25519FrameAuthenticator receiver = new Ed25519FrameAuthenticator(TestKeys.key(94), TrustedPeers.of(a.id(), b.id()));
        byte[] covered = {0x10, 42};
        for (StationKey sender : new StationKey[] {a, b}) {
            byte[] tag = new Ed25519FrameAuthenticator(sender, TrustedPeers.none()).tag(covered, 0, 2);
            assertEquals(Optional.of(sender.id()), receiver.signer(covered, 0, 2, tag, 0));
        }
    }

    @Test
    void keyIdCollisionTriesEveryCandidate() {
        StationKey[] colliding = TestKeys.collidingKeys(95);
        assertEquals(colliding[0].id().keyId(), colliding[1].id().keyId());
        assertNotEquals(colliding[0].id(), colliding[1].id());
        byte[] covered = {0x14, 1, 2, 3};
        byte[] tagBySecond = new Ed25519FrameAuthenticator(colliding[1], TrustedPeers.none()).tag(covered, 0, 4);

        Ed25519FrameAuthenticator trustsBoth = new Ed25519FrameAuthenticator(TestKeys.key(96),
                TrustedPeers.of(colliding[0].id(), colliding[1].id()));
        assertEquals(Optional.of(colliding[1].id()), trustsBoth.signer(covered, 0, 4, tagBySecond, 0));

        // Same key id as a trusted key is not trust: the signature must verify under that key.
        Ed25519FrameAuthenticator trustsFirstOnly = new Ed25519FrameAuthenticator(TestKeys.key(96),
                TrustedPeers.of(colliding[0].id()));
        assertFalse(trustsFirstOnly.verify(covered, 0, 4, tagBySecond, 0));
    }

    @Test
    void ownFramesAreAcceptedOnlyWhenTheOwnKeyIsTrusted() {
        StationKey key = TestKeys.key(97);
        byte[] covered = {0x14};
        byte[] tag = new Ed25519FrameAuthenticator(key, TrustedPeers.none()).tag(covered, 0, 1);
        assertFalse(new Ed25519FrameAuthenticator(key, TrustedPeers.none()).verify(covered, 0, 1, tag, 0));
        assertTrue(new Ed25519FrameAuthenticator(key, TrustedPeers.of(key.id())).verify(covered, 0, 1, tag, 0));
    }

    @Test
    void signatureTooBigForTheSmallestRadioMtu() {
        // JS8Call's 64-byte frames cannot carry a 66-byte tag: such links use a MAC.
        assertEquals(76, Fragmenter.minimumMtu(Ed25519FrameAuthenticator.TAG_BYTES));
    }

    @Test
    void toStringShowsFingerprintAndTrustedCountOnly() {
        StationKey key = TestKeys.key(98);
        StationId peer = TestKeys.key(99).id();
        assertEquals("Ed25519FrameAuthenticator[key=" + key.id().fingerprint() + ", trusted=1]",
                new Ed25519FrameAuthenticator(key, TrustedPeers.of(peer)).toString());
    }

    private static java.security.PublicKey jdkPublicKey(byte[] encoded) throws GeneralSecurityException {
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        return KeyFactory.getInstance("Ed25519").generatePublic(
                new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
    }
}
