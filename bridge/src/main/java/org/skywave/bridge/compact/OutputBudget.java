package org.skywave.bridge.compact;

import org.skywave.bridge.message.MalformedMessageException;

/**
 * How many bytes a decoder may still produce. Compact forms expand (a 33-byte tag and x coordinate
 * to a 65-byte key, a one-byte back-reference to a 32-byte txid), so the decoder counts what it
 * rebuilds and stops at the caller's limit instead of trusting the input.
 */
final class OutputBudget {

    private final long limit;
    private long spent;

    OutputBudget(long limit) {
        this.limit = limit;
    }

    void spend(long bytes, CompactReader in, int offset) throws MalformedMessageException {
        spent += bytes;
        if (spent > limit) {
            throw in.fail("rebuilt transaction exceeds the limit of " + limit + " bytes", offset);
        }
    }
}
