package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    private final RecentEvents events = new RecentEvents(Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC));

    private List<String> texts() {
        return events.list().stream().map(e -> e.subject() + ": " + e.text()).toList();
    }

    @Test
    void keepsOnlyTheNewestAndDropsTheOldestFirst() {
        for (int i = 0; i < RecentEvents.CAPACITY + 5; i++) {
            events.add("link radio", "event " + i);
        }
        List<String> kept = texts();
        assertEquals(RecentEvents.CAPACITY, kept.size());
        assertEquals("link radio: event 5", kept.get(0));
        assertEquals("link radio: event " + (RecentEvents.CAPACITY + 4), kept.get(kept.size() - 1));
        assertEquals(Instant.parse("2025-06-01T12:00:00Z"), events.list().get(0).at());
    }

    @Test
    void redialsOfSomethingAlreadyDownAreNotEvents() {
        events.stateChanged("node btc", "CONNECTING", "dialling");
        events.stateChanged("node btc", "DOWN", "refused");
        for (int i = 0; i < 100; i++) {
            events.stateChanged("node btc", "CONNECTING", "dialling");
            events.stateChanged("node btc", "DOWN", "refused " + i);
        }
        events.stateChanged("node btc", "UP", null);
        events.stateChanged("node btc", "CONNECTING", "connection lost, redialling");
        events.stateChanged("link radio", "UP", "");
        assertEquals(List.of("node btc: DOWN (refused)", "node btc: UP", "node btc: CONNECTING (connection lost, redialling)",
                "link radio: UP"), texts());
    }
}
