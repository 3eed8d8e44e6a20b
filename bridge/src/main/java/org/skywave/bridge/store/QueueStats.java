package org.skywave.bridge.store;

import java.time.Duration;

/**
 * What the operator sees of one queue. Depth, bytes and age are read from what is stored; the
 * counters count since the store was opened.
 *
 * @param destination the queue
 * @param depth       messages queued (ready or waiting for a retry)
 * @param bytes       payload bytes queued
 * @param oldestAge   age of the oldest queued message, zero when empty
 * @param retries     {@link MessageQueue#retryLater} calls that found their message
 * @param evictions   messages dropped to make room (see the eviction order)
 * @param expiries    messages dropped because their time-to-live ran out
 * @param rejected    offers refused because the store was full of higher-ranked messages
 * @param quarantined rows moved to quarantine because they could not be used
 */
public record QueueStats(String destination, long depth, long bytes, Duration oldestAge,
                         long retries, long evictions, long expiries, long rejected, long quarantined) {

    /** One log line: {@code queue ax25-1: depth=3 bytes=412 oldest=PT12S retries=1 evictions=0 expiries=0 ...}. */
    public String logLine() {
        return "queue " + destination + ": depth=" + depth + " bytes=" + bytes + " oldest=" + oldestAge
                + " retries=" + retries + " evictions=" + evictions + " expiries=" + expiries
                + " rejected=" + rejected + " quarantined=" + quarantined;
    }
}
