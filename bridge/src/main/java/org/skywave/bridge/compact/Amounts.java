package org.skywave.bridge.compact;

/**
 * Bitcoin Core's amount compression ({@code CompressAmount} in {@code src/compressor.cpp}): amounts
 * are mostly round numbers of satoshis, so the trailing decimal zeros go into the low digit.
 * 1 BTC (100,000,000 sat) becomes 9, one byte as a varint instead of eight.
 */
final class Amounts {

    private Amounts() {
    }

    /** The compressed value of {@code n} satoshis; callers check {@code decompress(compress(n)) == n}. */
    static long compress(long n) {
        if (n == 0) {
            return 0;
        }
        int e = 0;
        while (Long.remainderUnsigned(n, 10) == 0 && e < 9) {
            n = Long.divideUnsigned(n, 10);
            e++;
        }
        if (e < 9) {
            long d = Long.remainderUnsigned(n, 10);
            n = Long.divideUnsigned(n, 10);
            return 1 + (n * 9 + d - 1) * 10 + e;
        }
        return 1 + (n - 1) * 10 + 9;
    }

    /** The inverse of {@link #compress}, in unsigned 64-bit arithmetic as Core's. */
    static long decompress(long x) {
        if (x == 0) {
            return 0;
        }
        x--;
        int e = (int) Long.remainderUnsigned(x, 10);
        x = Long.divideUnsigned(x, 10);
        long n;
        if (e < 9) {
            long d = Long.remainderUnsigned(x, 9) + 1;
            x = Long.divideUnsigned(x, 9);
            n = x * 10 + d;
        } else {
            n = x + 1;
        }
        for (; e > 0; e--) {
            n *= 10;
        }
        return n;
    }
}
