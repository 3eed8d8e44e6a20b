package org.skywave.transport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The named link profiles used by the demo, the simulated link and as defaults for the radio
 * transports. Each carries the real figures of its mode; sources are in
 * {@code ../shared/specs/} (kiss-ax25.md section 9, vara.md, js8call.md).
 */
public final class LinkProfiles {

    /**
     * AX.25 UI frame bytes around the payload: destination and source address (2 x 7), control,
     * PID, FCS (2) and one HDLC flag (frames sent back to back share a flag). kiss-ax25.md section 9.
     */
    public static final int AX25_FRAME_BYTES = 14 + 1 + 1 + 2 + 1;

    /** Direwolf's default TXDELAY of 300 ms and TXTAIL of 100 ms, keyed for every transmission. */
    public static final Duration AX25_TXDELAY = Duration.ofMillis(300);
    public static final Duration AX25_TXTAIL = Duration.ofMillis(100);

    /** AX.25 N1 (PACLEN): the usual maximum of information bytes per frame. */
    public static final int AX25_PACLEN = 256;

    /** AX.25 over KISS at 1200 bit/s, Bell 202 AFSK on VHF/UHF FM: the common packet case. */
    public static final LinkProfile AX25_1200 = ax25("ax25-1200", 1200, AX25_PACLEN);
    /** AX.25 at 300 bit/s on HF SSB; shorter frames, as usual on a noisy HF channel. */
    public static final LinkProfile AX25_300 = ax25("ax25-300", 300, 128);
    /** AX.25 at 9600 bit/s G3RUH FSK; the fixed TX delay makes it "only twice as fast" as 1200 for small frames. */
    public static final LinkProfile AX25_9600 = ax25("ax25-9600", 9600, AX25_PACLEN);

    /**
     * VARA HF in its 2300 Hz mode at its top level: 5802 bit/s net (vara.md, speed table of v3).
     * A stream with its own ARQ; Skywave frames carry a 2-byte length prefix; an ACK frame of
     * 842 ms follows each 5225 ms data frame, which the turnaround stands for.
     */
    public static final LinkProfile VARA_HF_2300 =
            new LinkProfile("vara-hf-2300", 1024, 5802, LinkProfile.Duplex.HALF, 2, Duration.ofMillis(842));

    /**
     * JS8Call Normal (JS8A): 72 data bits per 15 s period, 4.8 bit/s (js8call.md, speed table).
     * One directed frame (9 bytes' worth of airtime) precedes every message.
     */
    public static final LinkProfile JS8_NORMAL =
            new LinkProfile("js8-normal", 64, 72.0 / 15.0, LinkProfile.Duplex.HALF, 9, Duration.ofMillis(500));

    /** Internet TCP: a 4-byte length prefix and 40 bytes of IPv4 and TCP headers per frame. */
    public static final LinkProfile TCP =
            new LinkProfile("tcp", 65_536, 100_000_000, LinkProfile.Duplex.FULL, 4 + 40, Duration.ofMillis(1));

    private static final Map<String, LinkProfile> BY_NAME = new LinkedHashMap<>();

    static {
        for (LinkProfile p : new LinkProfile[] {AX25_300, AX25_1200, AX25_9600, VARA_HF_2300, JS8_NORMAL, TCP}) {
            BY_NAME.put(p.name(), p);
        }
    }

    private LinkProfiles() {
    }

    /**
     * An AX.25 profile at {@code bitrate}: the frame bytes around each frame, and TXDELAY plus
     * TXTAIL once per transmission, since a TNC sends the frames queued back to back with one key-up.
     */
    public static LinkProfile ax25(String name, int bitrate, int paclen) {
        return new LinkProfile(name, paclen, bitrate, LinkProfile.Duplex.HALF, AX25_FRAME_BYTES, AX25_TXDELAY,
                false, LinkProfile.DEFAULT_WINDOW, AX25_TXDELAY.plus(AX25_TXTAIL));
    }

    public static Optional<LinkProfile> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Profile names, in order from slowest family to fastest, for help texts and errors. */
    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }
}
