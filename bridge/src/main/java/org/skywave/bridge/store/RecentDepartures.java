package org.skywave.bridge.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.skywave.bridge.message.MessageId;

/**
 * The last {@value #MAX_DEPARTURES} messages that left their queues, and how. Held in memory, not
 * on disk: it answers an operator asking where a message went ({@code GET /tx/<id>}), and is
 * worth neither a write per acknowledgement on an SD card nor a table to prune; after a restart
 * the admin API says a message left without saying how. Thread-safe.
 */
final class RecentDepartures {

    /**
     * Enough for hours of a radio link's traffic (a 1200 bit/s link moves a few thousand messages an
     * hour at most); about 200 bytes each, so under half a MiB of the 64 MiB heap.
     */
    static final int MAX_DEPARTURES = 2_048;

    private record Key(String destination, MessageId id) {
    }

    private final Map<Key, Departure> departures = new LinkedHashMap<>(256, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Departure> eldest) {
            return size() > MAX_DEPARTURES;
        }
    };

    synchronized void add(Departure departure) {
        Key key = new Key(departure.destination(), departure.id());
        // A message queued again later and gone again is the newest departure: move it to the end.
        departures.remove(key);
        departures.put(key, departure);
    }

    synchronized Optional<Departure> find(String destination, MessageId id) {
        return Optional.ofNullable(departures.get(new Key(destination, id)));
    }
}
