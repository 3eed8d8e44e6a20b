package org.skywave.bridge.framing;

import java.util.Objects;
import java.util.function.LongSupplier;

import org.skywave.transport.LinkProfile;

/**
 * Paces a link at its bitrate times a duty cycle, allowing bursts of up to {@code burstBytes}
 * (DESIGN.md, "Bandwidth awareness"). Kept as a theoretical arrival time in integer nanoseconds
 * (the generic cell rate algorithm), so {@link #delayNanosFor} is exact: after waiting that long,
 * {@link #tryTake} of the same bytes succeeds. A new bucket is full.
 *
 * <p>Methods are synchronized; one bucket per link.
 */
public final class TokenBucket {

    private final double bitrate;
    private final double dutyCycle;
    private final int burstBytes;
    private final double nanosPerByte;
    private final long burstNanos;
    private final LongSupplier nanoClock;
    /** When the bucket would be full again if nothing more were taken; never more than burstNanos ahead of now, unless {@link #charge} put the bucket in debt. */
    private long fullAt;

    /**
     * @param bitrate    bit/s of the medium (fractional for the slowest modes)
     * @param dutyCycle  share of time the link may transmit, in (0, 1]
     * @param burstBytes bytes that may go at once after a pause; at least one frame with its overhead
     * @param nanoClock  monotonic nanoseconds ({@code System::nanoTime}, or a virtual clock in tests)
     */
    public TokenBucket(double bitrate, double dutyCycle, int burstBytes, LongSupplier nanoClock) {
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (!(bitrate > 0) || Double.isInfinite(bitrate)) {
            throw new IllegalArgumentException("bitrate <= 0: " + bitrate);
        }
        if (!(dutyCycle > 0) || dutyCycle > 1) {
            throw new IllegalArgumentException("dutyCycle not in (0, 1]: " + dutyCycle);
        }
        if (burstBytes < 1) {
            throw new IllegalArgumentException("burstBytes < 1: " + burstBytes);
        }
        this.bitrate = bitrate;
        this.dutyCycle = dutyCycle;
        this.burstBytes = burstBytes;
        this.nanosPerByte = 8e9 / (bitrate * dutyCycle);
        this.burstNanos = costNanos(burstBytes);
        this.nanoClock = nanoClock;
        this.fullAt = nanoClock.getAsLong();
    }

    /** A bucket for {@code profile}: its bitrate, and a burst of one full frame on air (MTU plus overhead). */
    public static TokenBucket forLink(LinkProfile profile, double dutyCycle, LongSupplier nanoClock) {
        return new TokenBucket(profile.bitrate(), dutyCycle, profile.onAirBytes(profile.mtu()), nanoClock);
    }

    /** Nanoseconds to wait before {@code bytes} may be taken; 0 when they may go now. */
    public synchronized long delayNanosFor(int bytes) {
        long now = nanoClock.getAsLong();
        long after = Math.max(fullAt, now) + costNanos(checkBytes(bytes));
        return Math.max(0, after - now - burstNanos);
    }

    /** Takes {@code bytes} and returns true when they may go now; otherwise takes nothing. */
    public synchronized boolean tryTake(int bytes) {
        long now = nanoClock.getAsLong();
        long after = Math.max(fullAt, now) + costNanos(checkBytes(bytes));
        if (after - now > burstNanos) {
            return false;
        }
        fullAt = after;
        return true;
    }

    /**
     * Takes {@code bytes} whatever the bucket holds, for a message of several frames that went
     * out at once: the bucket goes into debt, and {@link #delayNanosFor} makes the next sender
     * wait until it is paid off.
     */
    public synchronized void charge(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
        long now = nanoClock.getAsLong();
        fullAt = Math.max(fullAt, now) + (long) Math.ceil(bytes * nanosPerByte);
    }

    /** Bytes that may be taken now. */
    public synchronized long availableBytes() {
        long now = nanoClock.getAsLong();
        long spare = burstNanos - Math.max(0, fullAt - now);
        return (long) Math.floor(spare / nanosPerByte);
    }

    public double bitrate() {
        return bitrate;
    }

    public double dutyCycle() {
        return dutyCycle;
    }

    public int burstBytes() {
        return burstBytes;
    }

    private int checkBytes(int bytes) {
        if (bytes < 0 || bytes > burstBytes) {
            throw new IllegalArgumentException("bytes not in 0.." + burstBytes + " (the burst size; more could never go): " + bytes);
        }
        return bytes;
    }

    private long costNanos(int bytes) {
        return (long) Math.ceil(bytes * nanosPerByte);
    }

    @Override
    public String toString() {
        return "TokenBucket[bitrate=" + bitrate + ", dutyCycle=" + dutyCycle + ", burstBytes=" + burstBytes + "]";
    }
}
