package org.skywave.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StationKeyTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032, section 7.1, TEST 1 and TEST 2. */
    @Nested
    class Rfc8032Vectors {

        @Test
        void test1EmptyMessage() {
            StationKey key = StationKey.fromSeed(HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
            assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", key.id().hex());
            byte[] signature = key.sign(new byte[0]);
            assertEquals("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
                    + "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b", HEX.formatHex(signature));
            assertTrue(StationKey.verify(key.publicKey(), new byte[0], signature));
        }

        @Test
        void test2OneByteMessage() {
            StationKey key = StationKey.fromSeed(HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
            assertEquals("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", key.id().hex());
            assertEquals("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
                    + "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00", HEX.formatHex(key.sign(new byte[] {0x72})));
        }
    }

    @Test
    void generatedKeySignsWhatTheJdkVerifies() throws GeneralSecurityException {
        long seed = 20251101L;
        System.out.println("seed " + seed);
        Random random = new Random(seed);
        StationKey key = StationKey.generate(new SeededSecureRandom(seed));
        for (int i = 0; i < 20; i++) {
            byte[] message = new byte[random.nextInt(300)];
            random.nextBytes(message);
            byte[] signature = key.sign(message);
            assertEquals(StationKey.SIGNATURE_BYTES, signature.length);
            assertTrue(StationKey.verify(key.publicKey(), message, signature));
            Signature jdk = Signature.getInstance("Ed25519");
            jdk.initVerify(jdkPublicKey(key.publicKey()));
            jdk.update(message);
            assertTrue(jdk.verify(signature), "JDK Ed25519 rejects the signature of message " + i);
        }
    }

    @Test
    void sameSeedSameKeyDifferentSeedDifferentKey() {
        StationKey a = StationKey.generate(new SeededSecureRandom(1));
        StationKey b = StationKey.generate(new SeededSecureRandom(1));
        StationKey c = StationKey.generate(new SeededSecureRandom(2));
        assertEquals(a.id(), b.id());
        assertNotEquals(a.id(), c.id());
        assertArrayEquals(a.seed(), StationKey.fromSeed(a.seed()).seed());
        assertEquals(a.id(), StationKey.fromSeed(a.seed()).id());
    }

    @Test
    void verifyRejectsTamperedMessageSignatureOrKey() {
        StationKey key = StationKey.generate(new SeededSecureRandom(3));
        StationKey other = StationKey.generate(new SeededSecureRandom(4));
        byte[] message = "skywave".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] signature = key.sign(message);
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] tampered = message.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(StationKey.verify(key.publicKey(), tampered, signature), "message bit " + bit);
        }
        for (int bit = 0; bit < signature.length * 8; bit++) {
            byte[] tampered = signature.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(StationKey.verify(key.publicKey(), message, tampered), "signature bit " + bit);
        }
        assertFalse(StationKey.verify(other.publicKey(), message, signature));
    }

    @Test
    void verifyReturnsFalseForMalformedInputsRatherThanThrowing() {
        StationKey key = StationKey.generate(new SeededSecureRandom(5));
        byte[] message = {1, 2, 3};
        byte[] signature = key.sign(message);
        assertFalse(StationKey.verify(new byte[31], message, signature));
        assertFalse(StationKey.verify(key.publicKey(), message, new byte[63]));
        assertFalse(StationKey.verify(new byte[32], message, signature), "all-zero key is not a valid point of prime order");
        byte[] notAPoint = HEX.parseHex("0200000000000000000000000000000000000000000000000000000000000000");
        assertFalse(StationKey.verify(notAPoint, message, signature));
    }

    @Test
    void fromSeedRefusesWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StationKey.fromSeed(new byte[31]));
        assertEquals("an Ed25519 private seed is 32 bytes, got 31", e.getMessage());
    }

    @Test
    void toStringShowsTheFingerprintNotTheSeed() {
        StationKey key = StationKey.generate(new SeededSecureRandom(6));
        assertEquals("StationKey[" + key.id().fingerprint() + "]", key.toString());
        assertFalse(key.toString().contains(HEX.formatHex(key.seed())));
    }

    /** The JDK wants the point as (x is odd, y); RFC 8032 encodes y little-endian with x's parity in the top bit. */
    static PublicKey jdkPublicKey(byte[] encoded) throws GeneralSecurityException {
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        boolean xOdd = (bigEndian[0] & 0x80) != 0;
        bigEndian[0] &= 0x7f;
        EdECPublicKeySpec spec = new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian)));
        return KeyFactory.getInstance("Ed25519").generatePublic(spec);
    }
}
