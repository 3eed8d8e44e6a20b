package org.skywave.bridge.admin;

import java.util.List;
import java.util.Objects;
import org.skywave.bridge.message.MessageId;

/**
 * A transaction the station accepted: durable in the queue of each of {@code links}.
 *
 * @param id    the transaction's id (internal byte order)
 * @param links the links whose queues now hold it
 */
public record Submission(MessageId id, List<String> links) {

    public Submission {
        Objects.requireNonNull(id, "id");
        links = List.copyOf(links);
    }
}
