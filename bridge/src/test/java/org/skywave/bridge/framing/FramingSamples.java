package org.skywave.bridge.framing;

import java.util.Random;

/** Seeded sample messages for the framing tests. */
final class FramingSamples {

    private FramingSamples() {
    }

    /**
     * {@code length} bytes drawn from the first {@code alphabet} byte values: 256 gives
     * incompressible bytes, small alphabets give bytes Deflate shrinks.
     */
    static byte[] message(Random random, int length, int alphabet) {
        byte[] message = new byte[length];
        for (int i = 0; i < length; i++) {
            message[i] = (byte) random.nextInt(alphabet);
        }
        return message;
    }
}
