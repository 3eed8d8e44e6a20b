package org.skywave.bridge.framing;

/**
 * Counters of one {@link Reassembler} since it was created, and what it holds now.
 *
 * @param completed       whole messages returned (unfragmented frames included)
 * @param expired         partial messages dropped after the timeout
 * @param evicted         partial messages dropped to stay within the count or memory limits
 * @param superseded      partial messages dropped because their sender has since sent a message
 *                        number 64 or more away (it moved on, wrapped, or restarted)
 * @param duplicates      fragments ignored because they were already held or already delivered
 * @param malformed       frames refused with a {@code MalformedFrameException}
 * @param pendingMessages partial messages held now
 * @param pendingBytes    memory held by them now, as {@link Reassembler#pendingBytes()} counts it
 */
public record ReassemblerStats(long completed, long expired, long evicted, long superseded, long duplicates,
                               long malformed, int pendingMessages, long pendingBytes) {
}
