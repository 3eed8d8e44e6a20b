package org.skywave.bridge.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * One message waiting for a destination: its encoded bytes plus what the queue needs to order,
 * expire and retry it. Instants have millisecond precision, as stored.
 *
 * @param id          the message id; a destination holds each id at most once
 * @param destination the queue it waits in (a link name, or link and peer)
 * @param priority    its class; decides send order and eviction order
 * @param payload     the encoded message (copied in and out)
 * @param enqueuedAt  when it was accepted; FIFO within a priority follows acceptance order
 * @param expiresAt   after this it is dropped, logged and counted as expired
 * @param attempts    how many times it has been sent (retries and broadcast repeats)
 * @param repeats     on broadcast-only links, how many sends before it leaves the queue (at least 1)
 * @param hops        the hop count its frames carry: radio-to-radio relays made so far,
 *                    0..{@link #MAX_HOPS} ({@code docs/PROTOCOL.md}, section 2.1.1)
 * @param station     the far station on the link it is for (a callsign or station id, as the
 *                    {@code [[link]]} names it), or {@link #ANY_STATION}: whoever is on the link
 */
public record QueuedMessage(MessageId id, String destination, Priority priority, byte[] payload,
                            Instant enqueuedAt, Instant expiresAt, int attempts, int repeats, int hops, String station) {

    /** The station of a message for whoever is on the link (a broadcast link, or a link with no far station named). */
    public static final String ANY_STATION = "";

    /** The frame header holds the hop count in one byte (FrameHeader.MAX_HOPS). */
    public static final int MAX_HOPS = 255;

    public QueuedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(station, "station");
        checkDestination(destination);
        checkStation(station);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts < 0: " + attempts);
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats < 1: " + repeats);
        }
        if (hops < 0 || hops > MAX_HOPS) {
            throw new IllegalArgumentException("hops not in 0.." + MAX_HOPS + ": " + hops);
        }
        if (expiresAt.isBefore(enqueuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is before enqueuedAt " + enqueuedAt);
        }
        payload = payload.clone();
        enqueuedAt = enqueuedAt.truncatedTo(ChronoUnit.MILLIS);
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A message for whoever is on the link. */
    public QueuedMessage(MessageId id, String destination, Priority priority, byte[] payload,
                         Instant enqueuedAt, Instant expiresAt, int attempts, int repeats, int hops) {
        this(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, ANY_STATION);
    }

    /** A message not relayed between radio links (hop count 0). */
    public QueuedMessage(MessageId id, String destination, Priority priority, byte[] payload,
                         Instant enqueuedAt, Instant expiresAt, int attempts, int repeats) {
        this(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, 0);
    }

    /**
     * A fresh message (no attempts, sent once on broadcast links, hop count 0) that lives for
     * {@code ttl} from {@code now}.
     */
    public static QueuedMessage of(MessageId id, String destination, Priority priority, byte[] payload,
                                   Instant now, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        return new QueuedMessage(id, destination, priority, payload, now, now.plus(ttl), 0, 1, 0);
    }

    /** The same message for broadcast links that send it {@code repeats} times. */
    public QueuedMessage withRepeats(int repeats) {
        return new QueuedMessage(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, station);
    }

    /** The same message addressed to another destination (the gate fanning it out). */
    public QueuedMessage withDestination(String destination) {
        return new QueuedMessage(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, station);
    }

    /** The same message for far station {@code station} of its link ({@link #ANY_STATION}: whoever is on it). */
    public QueuedMessage withStation(String station) {
        return new QueuedMessage(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, station);
    }

    /** Its queue as the operator reads it: {@code vara-1} or {@code vara-1/K1ABC-1}. */
    public String queueName() {
        return queueName(destination, station);
    }

    /** How a queue of link {@code destination} for far station {@code station} is named. */
    public static String queueName(String destination, String station) {
        return station.isEmpty() ? destination : destination + "/" + station;
    }

    /** The same message with hop count {@code hops}, which its frames will carry. */
    public QueuedMessage withHops(int hops) {
        return new QueuedMessage(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, station);
    }

    /** The same message after {@code attempts} sends. */
    QueuedMessage withAttempts(int attempts) {
        return new QueuedMessage(id, destination, priority, payload, enqueuedAt, expiresAt, attempts, repeats, hops, station);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying it. */
    public int size() {
        return payload.length;
    }

    static void checkDestination(String destination) {
        if (destination.isBlank()) {
            throw new IllegalArgumentException("destination is blank");
        }
        if (destination.length() > MAX_DESTINATION_LENGTH) {
            throw new IllegalArgumentException("destination longer than " + MAX_DESTINATION_LENGTH
                    + " characters: " + destination.length());
        }
    }

    static void checkStation(String station) {
        if (station.length() > MAX_DESTINATION_LENGTH) {
            throw new IllegalArgumentException("station longer than " + MAX_DESTINATION_LENGTH
                    + " characters: " + station.length());
        }
        if (!station.equals(station.strip())) {
            throw new IllegalArgumentException("station has leading or trailing blanks: '" + station + "'");
        }
    }

    /** Link names and peer addresses are short; this only stops a runaway string. */
    static final int MAX_DESTINATION_LENGTH = 256;

    @Override
    public boolean equals(Object o) {
        return o instanceof QueuedMessage m && id.equals(m.id) && destination.equals(m.destination)
                && priority == m.priority && Arrays.equals(payload, m.payload) && enqueuedAt.equals(m.enqueuedAt)
                && expiresAt.equals(m.expiresAt) && attempts == m.attempts && repeats == m.repeats && hops == m.hops
                && station.equals(m.station);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, destination, priority, Arrays.hashCode(payload), enqueuedAt, expiresAt, attempts, repeats,
                hops, station);
    }

    @Override
    public String toString() {
        return "QueuedMessage[id=" + id.shortHex() + ", destination=" + destination + ", priority=" + priority
                + ", size=" + payload.length + ", enqueuedAt=" + enqueuedAt + ", expiresAt=" + expiresAt
                + ", attempts=" + attempts + ", repeats=" + repeats + ", hops=" + hops
                + (station.isEmpty() ? "" : ", station=" + station) + "]";
    }
}
