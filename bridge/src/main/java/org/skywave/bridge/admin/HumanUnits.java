package org.skywave.bridge.admin;

import java.time.Duration;
import java.util.Locale;

/** Short human forms of ages and byte counts for the status page and {@code skywave status}. */
public final class HumanUnits {

    private HumanUnits() {
    }

    /** {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}: the largest unit that is at least 1. */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h";
        }
        return seconds / 86_400 + "d";
    }

    /** {@code 512 B}, {@code 2.1 kB}, {@code 3.4 MB} (decimal units, as link rates are quoted). */
    public static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1000.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }

    /**
     * Goodput as a share of the air time: payload bytes over bytes on air, {@code 83%}, or a dash
     * before anything was sent.
     */
    public static String goodput(long payloadBytes, long onAirBytes) {
        return onAirBytes <= 0 ? "-" : Math.round(100.0 * payloadBytes / onAirBytes) + "%";
    }
}
