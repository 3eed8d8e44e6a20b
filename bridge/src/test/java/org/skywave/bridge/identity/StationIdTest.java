package org.skywave.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StationIdTest {

    /** RFC 8032 TEST 1 public key. */
    private static final String KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    @Test
    void hexRoundTripsInEitherCaseAndIgnoresSurroundingBlanks() {
        StationId id = StationId.fromHex("  " + KEY.toUpperCase() + "\n");
        assertEquals(KEY, id.hex());
        assertEquals(id, StationId.of(HexFormat.of().parseHex(KEY)));
        assertEquals(id.hashCode(), StationId.fromHex(KEY).hashCode());
    }

    @Test
    void fingerprintAndKeyIdAreTheStartOfSha256OfTheKey() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(HexFormat.of().parseHex(KEY));
        String h = HexFormat.of().formatHex(digest);
        StationId id = StationId.fromHex(KEY);
        assertEquals(h.substring(0, 4) + ":" + h.substring(4, 8) + ":" + h.substring(8, 12) + ":" + h.substring(12, 16),
                id.fingerprint());
        assertEquals(Integer.parseInt(h.substring(0, 4), 16), id.keyId());
        assertEquals("StationId[" + id.fingerprint() + "]", id.toString());
    }

    @Test
    void bytesAreDefensiveCopies() {
        byte[] key = HexFormat.of().parseHex(KEY);
        StationId id = StationId.of(key);
        key[0] ^= 1;
        id.bytes()[1] ^= 1;
        assertEquals(KEY, id.hex());
    }

    @Test
    void differentKeysAreNotEqual() {
        StationId a = StationKey.generate(new SeededSecureRandom(10)).id();
        StationId b = StationKey.generate(new SeededSecureRandom(11)).id();
        assertNotEquals(a, b);
    }

    @Test
    void wrongLengthIsRefusedWithBothLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StationId.fromHex(KEY.substring(2)));
        assertEquals("a station id is 64 hex digits (a 32-byte Ed25519 public key), got 62", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StationId.of(new byte[33]));
        assertEquals("an Ed25519 public key is 32 bytes, got 33", e.getMessage());
    }

    @Test
    void nonHexIsRefusedNamingTheCharacter() {
        String bad = KEY.substring(0, 10) + "g" + KEY.substring(11);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StationId.fromHex(bad));
        assertEquals("a station id is hex digits only; character 11 of '" + bad + "' is 'g'", e.getMessage());
    }

    @Test
    void invalidPointsAreRefused() {
        // y = 2 is not on the curve; the identity point (y = 1) has small order.
        for (String hex : new String[] {
                "0200000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StationId.fromHex(hex));
            assertTrue(e.getMessage().startsWith("not a valid Ed25519 public key"), e.getMessage());
        }
    }
}
