package org.skywave.bridge.gate;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Transmit limits over sliding windows of one and five minutes, as APRS iGates limit what they
 * put on the air from the internet: a message is admitted only if both windows have room.
 * Times are nanoseconds from the station's clock. Used on the station thread only.
 */
final class TransmitLimit {

    static final Duration MINUTE = Duration.ofMinutes(1);
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final int perMinute;
    private final int perFiveMinutes;
    /** Times of the admissions of the last five minutes, oldest first; at most {@code perFiveMinutes} long. */
    private final ArrayDeque<Long> admitted = new ArrayDeque<>();

    TransmitLimit(int perMinute, int perFiveMinutes) {
        if (perMinute < 0 || perFiveMinutes < perMinute) {
            throw new IllegalArgumentException("need 0 <= per minute <= per 5 minutes: " + perMinute + ", " + perFiveMinutes);
        }
        this.perMinute = perMinute;
        this.perFiveMinutes = perFiveMinutes;
    }

    /** Records an admission at {@code nowNanos} and returns true if both windows have room; else changes nothing. */
    boolean tryAdmit(long nowNanos) {
        while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= FIVE_MINUTES.toNanos()) {
            admitted.pollFirst();
        }
        if (admitted.size() >= perFiveMinutes || inLastMinute(nowNanos) >= perMinute) {
            return false;
        }
        admitted.addLast(nowNanos);
        return true;
    }

    private int inLastMinute(long nowNanos) {
        int count = 0;
        for (var it = admitted.descendingIterator(); it.hasNext() && nowNanos - it.next() < MINUTE.toNanos(); ) {
            count++;
        }
        return count;
    }
}
