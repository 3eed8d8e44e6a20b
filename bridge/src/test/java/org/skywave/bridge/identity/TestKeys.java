package org.skywave.bridge.identity;

import java.util.HashMap;
import java.util.Map;

/** Reproducible station keys for tests. */
public final class TestKeys {

    private TestKeys() {
    }

    /** The key generated from {@code seed}. */
    public static StationKey key(long seed) {
        return StationKey.generate(new SeededSecureRandom(seed));
    }

    /**
     * Two keys with the same 2-byte key id, found by generating keys from {@code seed} (a
     * collision among 65,536 ids is expected after about 320 keys; bounded at 5,000).
     */
    public static StationKey[] collidingKeys(long seed) {
        SeededSecureRandom random = new SeededSecureRandom(seed);
        Map<Integer, StationKey> seen = new HashMap<>();
        for (int i = 0; i < 5000; i++) {
            StationKey key = StationKey.generate(random);
            StationKey earlier = seen.putIfAbsent(key.id().keyId(), key);
            if (earlier != null) {
                return new StationKey[] {earlier, key};
            }
        }
        throw new AssertionError("no key id collision in 5000 keys from seed " + seed);
    }

    public static StationId[] collidingPair(long seed) {
        StationKey[] keys = collidingKeys(seed);
        return new StationId[] {keys[0].id(), keys[1].id()};
    }
}
