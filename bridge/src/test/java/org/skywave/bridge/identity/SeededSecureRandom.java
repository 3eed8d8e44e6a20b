package org.skywave.bridge.identity;

import java.security.SecureRandom;
import java.util.Random;

/** A reproducible SecureRandom for tests: bytes from a seeded {@link Random}. Never for real keys. */
public final class SeededSecureRandom extends SecureRandom {

    private static final long serialVersionUID = 1L;

    private final Random random;

    public SeededSecureRandom(long seed) {
        this.random = new Random(seed);
    }

    @Override
    public void nextBytes(byte[] bytes) {
        random.nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return random.nextInt();
    }
}
