package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkUri;

class VaraScheduleTest {

    private static VaraTransportConfig config(String params) throws Exception {
        return VaraTransportConfig.fromUri(LinkUri.parse("vara-hf://127.0.0.1:8300?callsign=K1ABC&" + params));
    }

    private static ZonedDateTime utc(String text) {
        return ZonedDateTime.parse(text);
    }

    @Test
    void everyNMinutesCountsFromMidnightUtc() throws Exception {
        VaraTransportConfig c = config("peers=K2XYZ&every=30");
        assertEquals(utc("2026-12-06T16:30Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T16:05:10Z")));
        assertEquals(utc("2026-12-06T17:00Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T16:30Z")), "strictly after");
        assertEquals(utc("2026-12-07T00:00Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T23:59Z")));
        assertEquals(utc("2026-12-06T16:30Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T17:05:10+01:00")), "any zone, read as UTC");
    }

    @Test
    void atTimesRollOverToTheNextDayAndTheEarliestWindowWins() throws Exception {
        VaraTransportConfig c = config("peers=K2XYZ&at=06:00,18:00");
        assertEquals(utc("2026-12-06T18:00Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T16:05Z")));
        assertEquals(utc("2026-12-07T06:00Z"), VaraSchedule.nextWindow(c, utc("2026-12-06T18:00Z")));
        VaraTransportConfig both = config("peers=K2XYZ&at=16:10&every=60");
        assertEquals(utc("2026-12-06T16:10Z"), VaraSchedule.nextWindow(both, utc("2026-12-06T16:05Z")));
    }

    @Test
    void noPeersOrNoScheduleMeansNoWindow() throws Exception {
        assertNull(VaraSchedule.nextWindow(config("every=30"), utc("2026-12-06T16:05Z")));
        assertNull(VaraSchedule.nextWindow(config("peers=K2XYZ"), utc("2026-12-06T16:05Z")));
    }
}
