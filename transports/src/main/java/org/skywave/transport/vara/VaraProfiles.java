package org.skywave.transport.vara;

import java.time.Duration;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;

/**
 * Link profiles of VARA sessions by mode and bandwidth (vara.md section 9). The modem's own ARQ
 * makes the link reliable (no Skywave re-sends on top); every Skywave frame carries a 2-byte length prefix on the data port.
 */
final class VaraProfiles {

    /** VARA HF 2300 Hz: 5802 bit/s net at the top level of the VARA 2 table, as the simulated profile has it. */
    static final int HF_2300_BITRATE = (int) LinkProfiles.VARA_HF_2300.bitrate();
    /** 500 Hz and 2750 Hz rates are in no source (section 9, unverified): scaled from 2300 Hz by bandwidth. */
    static final int HF_500_BITRATE = 1260;
    static final int HF_2750_BITRATE = 6940;
    /** VARA FM: level 9 observed at 9567 bit/s (narrow); "up to 25 kbit/s" (wide). */
    static final int FM_NARROW_BITRATE = 9567;
    static final int FM_WIDE_BITRATE = 25_000;
    static final String FM_NARROW = "NARROW";
    static final String FM_WIDE = "WIDE";
    /** The ACK frame of 842 ms after each HF data frame (section 9). */
    static final Duration HF_TURNAROUND = LinkProfiles.VARA_HF_2300.turnaround();
    /** FM turnaround is not documented; FM radios key up in a few hundred ms. */
    static final Duration FM_TURNAROUND = Duration.ofMillis(300);
    /**
     * Frames the station may hand over before the far station's ACK: the modem's buffer holds
     * about one VARA data frame of airtime, which at the top HF level carries several MTUs.
     */
    static final int WINDOW = 8;
    /** The length prefix of each frame on the data port. */
    static final int FRAME_OVERHEAD = 2;

    private VaraProfiles() {
    }

    /** Net bit rate of a session at {@code bandwidth} (HF 500/2300/2750, FM NARROW/WIDE). */
    static int bitrate(VaraTransportConfig.Kind kind, String bandwidth) {
        if (kind == VaraTransportConfig.Kind.FM) {
            return FM_NARROW.equals(bandwidth) ? FM_NARROW_BITRATE : FM_WIDE_BITRATE;
        }
        return switch (bandwidth == null ? "2300" : bandwidth) {
            case "500" -> HF_500_BITRATE;
            case "2750" -> HF_2750_BITRATE;
            default -> HF_2300_BITRATE;
        };
    }

    static LinkProfile profile(VaraTransportConfig.Kind kind, String bandwidth, int mtu) {
        String name = kind == VaraTransportConfig.Kind.HF ? "vara-hf-" + (bandwidth == null ? "2300" : bandwidth)
                : "vara-fm-" + (FM_NARROW.equals(bandwidth) ? "narrow" : "wide");
        return new LinkProfile(name, mtu, bitrate(kind, bandwidth), LinkProfile.Duplex.HALF, FRAME_OVERHEAD,
                kind == VaraTransportConfig.Kind.HF ? HF_TURNAROUND : FM_TURNAROUND, true, WINDOW);
    }
}
