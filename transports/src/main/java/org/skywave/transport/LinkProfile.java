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
 * @param frameOverhead bytes the medium adds to every frame (headers, flags, FCS); on a link
 *                      without {@code keyUp}, also the TX delay expressed in bytes at the bitrate
 * @param turnaround    typical time between the end of one transmission and the start of the
 *                      next one in the other direction (half duplex), or one-way latency
 * @param reliable      true if the link itself delivers every frame or reports failure (a modem's
 *                      ARQ, as VARA's): the station then sends each message once and adds no
 *                      re-sends of its own; false where frames may be lost silently (AX.25 UI, TCP
 *                      across a reconnect, the simulated lossy channel)
 * @param window        frames the station may send before it waits for the far station's
 *                      acknowledgement on a half-duplex link (AX.25's window k defaults to 4)
 * @param keyUp         transmitter time of each transmission besides its frames: TX delay before
 *                      the first frame and TX tail after the last; frames queued back to back go in
 *                      one transmission, as a TNC sends them (zero where {@code frameOverhead} holds it)
 */
public record LinkProfile(String name, int mtu, double bitrate, Duplex duplex, int frameOverhead, Duration turnaround,
        boolean reliable, int window, Duration keyUp) {

    /** The window of a link that does not say: AX.25's default k. */
    public static final int DEFAULT_WINDOW = 4;

    /** Whether both ends may transmit at the same time. */
    public enum Duplex { HALF, FULL }

    public LinkProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duplex, "duplex");
        Objects.requireNonNull(turnaround, "turnaround");
        Objects.requireNonNull(keyUp, "keyUp");
        if (keyUp.isNegative()) {
            throw new IllegalArgumentException("keyUp < 0: " + keyUp);
        }
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
        if (window < 1) {
            throw new IllegalArgumentException("window < 1: " + window);
        }
    }

    /** A profile of a link that may lose frames silently, with the {@link #DEFAULT_WINDOW}. */
    public LinkProfile(String name, int mtu, double bitrate, Duplex duplex, int frameOverhead, Duration turnaround) {
        this(name, mtu, bitrate, duplex, frameOverhead, turnaround, false, DEFAULT_WINDOW);
    }

    /** A profile whose keying, if any, is counted in {@code frameOverhead}. */
    public LinkProfile(String name, int mtu, double bitrate, Duplex duplex, int frameOverhead, Duration turnaround,
            boolean reliable, int window) {
        this(name, mtu, bitrate, duplex, frameOverhead, turnaround, reliable, window, Duration.ZERO);
    }

    /** {@link #keyUp} as bytes at the bitrate: what one transmission costs besides its frames. */
    public int keyUpBytes() {
        return (int) Math.ceil(keyUp.toNanos() / 1e9 * bitrate / 8.0);
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
        return new LinkProfile(name, newMtu, bitrate, duplex, frameOverhead, turnaround, reliable, window, keyUp);
    }

    /** This profile at another bit rate: a modem that changed speed level. */
    public LinkProfile withBitrate(double newBitrate) {
        return new LinkProfile(name, mtu, newBitrate, duplex, frameOverhead, turnaround, reliable, window, keyUp);
    }

    /** This profile on a link that does ({@code true}) or does not deliver reliably itself. */
    public LinkProfile withReliable(boolean nowReliable) {
        return new LinkProfile(name, mtu, bitrate, duplex, frameOverhead, turnaround, nowReliable, window, keyUp);
    }

    public LinkProfile withWindow(int newWindow) {
        return new LinkProfile(name, mtu, bitrate, duplex, frameOverhead, turnaround, reliable, newWindow, keyUp);
    }
}
