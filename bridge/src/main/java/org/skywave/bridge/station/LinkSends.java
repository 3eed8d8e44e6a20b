package org.skywave.bridge.station;

import java.time.Instant;

/**
 * What one link's scheduler knows of sending one message since the station started: kept in
 * memory only, so after a restart the queue's attempt count is all there is.
 *
 * @param sends      transmissions completed (the link took every frame of it)
 * @param lastSentAt when the last one completed (station clock); null if none completed yet
 * @param sendingNow whether it is being sent at this moment
 */
public record LinkSends(int sends, Instant lastSentAt, boolean sendingNow) {
}
