package org.skywave.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustedPeersTest {

    @Test
    void looksUpByKeyId() {
        StationId a = StationKey.generate(new SeededSecureRandom(20)).id();
        StationId b = StationKey.generate(new SeededSecureRandom(21)).id();
        StationId stranger = StationKey.generate(new SeededSecureRandom(22)).id();
        TrustedPeers peers = TrustedPeers.fromHex(List.of(a.hex(), b.hex(), a.hex().toUpperCase()));
        assertEquals(2, peers.size());
        assertEquals(List.of(a, b), new ArrayList<>(peers.ids()));
        assertEquals(List.of(a), peers.byKeyId(a.keyId()));
        assertEquals(List.of(b), peers.byKeyId(b.keyId()));
        assertTrue(peers.contains(a));
        assertFalse(peers.contains(stranger));
        if (stranger.keyId() != a.keyId() && stranger.keyId() != b.keyId()) {
            assertEquals(List.of(), peers.byKeyId(stranger.keyId()));
        }
        assertTrue(TrustedPeers.none().isEmpty());
        assertEquals(List.of(), TrustedPeers.none().byKeyId(a.keyId()));
    }

    @Test
    void keysSharingAKeyIdAreAllReturned() {
        StationId[] pair = TestKeys.collidingPair(30);
        TrustedPeers peers = TrustedPeers.of(pair);
        assertEquals(Set.of(pair[0], pair[1]), Set.copyOf(peers.byKeyId(pair[0].keyId())));
    }

    @Test
    void badEntryIsNamedByPosition() {
        StationId a = StationKey.generate(new SeededSecureRandom(23)).id();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrustedPeers.fromHex(List.of(a.hex(), "abcd")));
        assertEquals("trusted peer 1: a station id is 64 hex digits (a 32-byte Ed25519 public key), got 4", e.getMessage());
    }
}
