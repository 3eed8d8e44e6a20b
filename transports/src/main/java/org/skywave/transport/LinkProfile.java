package org.skywave.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * The figures of a link that drive framing and scheduling.
 *
 * @param name          short name, e.g. {@code ax25-1200}
 * @param mtu           largest frame payload the link carries in one piece, in bytes
 * @param bitrate       bit rate of the medium, in bit/s (fractional for the slowest modes: JS8 Normal
 *                      carries 72 bits in 15 s)
 * @param duplex        whether both ends may send at once
 * @param frameOverhead bytes the medium adds to every frame (headers, flags, FCS, and the TX
 *                      delay expressed in bytes at the bitrate)
 * @param turnaround    typical time between the end of one transmission and the start of the
 *                      next one in the other direction (half duplex), or one-way latency
 */
public record LinkProfile(String name, int mtu, double bitrate, Duplex duplex, int frameOverhead, Duration turnaround) {

    /** Whether both ends may transmit at the same time. */
    public enum Duplex { HALF, FULL }

    public LinkProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duplex, "duplex");
        Objects.requireNonNull(turnaround, "turnaround");
        if (mtu < 1) {
            throw new IllegalArgumentException("mtu < 1: " + mtu);
        }
        if (!(bitrate > 0) || Double.isInfinite(bitrate)) {
            throw new IllegalArgumentException("bitrate <= 0: " + bitrate);
        }
        if (frameOverhead < 0) {
            throw new IllegalArgumentException("frameOverhead < 0: " + frameOverhead);
        }
        if (turnaround.isNegative()) {
            throw new IllegalArgumentException("turnaround < 0: " + turnaround);
        }
    }

    /** Bytes on air for one frame of {@code payloadBytes}: payload plus per-frame overhead. */
    public int onAirBytes(int payloadBytes) {
        return payloadBytes + frameOverhead;
    }

    /** Air time of one frame: (payload + overhead) * 8 / bitrate. */
    public Duration airtime(int payloadBytes) {
        long nanos = Math.round(onAirBytes(payloadBytes) * 8.0 * 1_000_000_000.0 / bitrate);
        return Duration.ofNanos(nanos);
    }

    public LinkProfile withMtu(int newMtu) {
        return new LinkProfile(name, newMtu, bitrate, duplex, frameOverhead, turnaround);
    }
}
