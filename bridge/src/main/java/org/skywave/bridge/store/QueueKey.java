package org.skywave.bridge.store;

/**
 * Which queue a row is in: a link ({@code destination}) and the far station on it, or
 * {@link QueuedMessage#ANY_STATION}. {@link #name()} is how logs, counters and {@code /status} show it.
 */
record QueueKey(String destination, String station) {

    String name() {
        return QueuedMessage.queueName(destination, station);
    }
}
