package org.skywave.transport.vara;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * When a VARA link calls its peers with nothing queued: every {@code every} minutes counted from
 * 00:00 UTC, and at each of the {@code at} UTC times, whichever comes first.
 */
final class VaraSchedule {

    private VaraSchedule() {
    }

    /** The first window strictly after {@code now} (UTC), or null if no peers or no schedule are configured. */
    static ZonedDateTime nextWindow(VaraTransportConfig config, ZonedDateTime now) {
        if (config.peers().isEmpty()) {
            return null;
        }
        ZonedDateTime utc = now.withZoneSameInstant(ZoneOffset.UTC);
        ZonedDateTime next = null;
        if (!config.every().isZero()) {
            ZonedDateTime midnight = utc.toLocalDate().atStartOfDay(ZoneOffset.UTC);
            long periods = Duration.between(midnight, utc).toMillis() / config.every().toMillis() + 1;
            next = midnight.plus(config.every().multipliedBy(periods));
        }
        for (LocalTime t : config.at()) {
            ZonedDateTime candidate = utc.toLocalDate().atTime(t).atZone(ZoneOffset.UTC);
            if (!candidate.isAfter(utc)) {
                candidate = candidate.plusDays(1);
            }
            if (next == null || candidate.isBefore(next)) {
                next = candidate;
            }
        }
        return next;
    }
}
