package org.skywave.bridge.admin;

import java.util.List;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.QueueStats;

/** Everything {@code GET /} and {@code GET /status} show besides the store's health, read at one moment. */
public record StationOverview(List<StationLinkStatus> links, List<QueueStats> queues, List<NodeStatus> nodes,
        List<RecentEvents.Event> events) {

    public StationOverview {
        links = List.copyOf(links);
        queues = List.copyOf(queues);
        nodes = List.copyOf(nodes);
        events = List.copyOf(events);
    }
}
