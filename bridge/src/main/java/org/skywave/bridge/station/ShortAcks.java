package org.skywave.bridge.station;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.IdPrefix;
import org.skywave.bridge.message.MessageId;

/**
 * ACKs by id prefix on one link (docs/PROTOCOL.md 1.5.13), both ways. Acknowledging, each id gets
 * the shortest prefix of 8 or 16 bytes that no other id this link recently acknowledged shares,
 * or goes whole. Acknowledged, a prefix counts only when it matches exactly one message sent on the
 * link and none recently acknowledged: an ambiguous or stale prefix acknowledges nothing, so the
 * message is sent again, acknowledged again (by then with a longer prefix if both of a colliding
 * pair arrived), and nothing is ever dropped on a guess. Station thread only.
 */
final class ShortAcks {

    /** Ids remembered each way: more than a slow link sends in the time a message may wait for its ACK. */
    static final int REMEMBERED = 1_024;
    private static final int[] LENGTHS = {IdPrefix.MIN_LENGTH, 16};

    private final LinkedHashSet<MessageId> acknowledgedHere = new LinkedHashSet<>();
    private final LinkedHashSet<MessageId> acknowledgedThere = new LinkedHashSet<>();

    /** The ACK for {@code ids}, received on this link: prefixes where they are unambiguous, whole ids otherwise. */
    AckMessage ackFor(List<MessageId> ids) {
        ids.forEach(id -> remember(acknowledgedHere, id));
        List<MessageId> whole = new ArrayList<>();
        List<IdPrefix> prefixes = new ArrayList<>();
        for (MessageId id : ids) {
            int shared = longestSharedPrefix(id, acknowledgedHere);
            int length = 0;
            for (int candidate : LENGTHS) {
                if (candidate > shared) {
                    length = candidate;
                    break;
                }
            }
            if (length == 0) {
                whole.add(id);
            } else {
                prefixes.add(IdPrefix.of(id, length));
            }
        }
        return new AckMessage(whole, prefixes);
    }

    /**
     * The message {@code prefix} acknowledges among {@code sentMatching} (the link's sent and
     * unacknowledged ids that start with it), or empty if it names none, several, or one already
     * acknowledged (a late copy of an ACK must not take a newer message with the same prefix).
     */
    Optional<MessageId> resolve(IdPrefix prefix, Collection<MessageId> sentMatching) {
        for (MessageId done : acknowledgedThere) {
            if (prefix.matches(done)) {
                return Optional.empty();
            }
        }
        return sentMatching.size() == 1 ? Optional.of(sentMatching.iterator().next()) : Optional.empty();
    }

    /** The far station acknowledged {@code id}, whatever the form. */
    void acknowledged(MessageId id) {
        remember(acknowledgedThere, id);
    }

    private static void remember(LinkedHashSet<MessageId> set, MessageId id) {
        set.remove(id);
        set.add(id);
        if (set.size() > REMEMBERED) {
            set.remove(set.iterator().next());
        }
    }

    private static int longestSharedPrefix(MessageId id, Collection<MessageId> others) {
        byte[] mine = id.toByteArray();
        int longest = 0;
        for (MessageId other : others) {
            if (other.equals(id)) {
                continue;
            }
            byte[] theirs = other.toByteArray();
            int n = 0;
            while (n < MessageId.LENGTH && mine[n] == theirs[n]) {
                n++;
            }
            longest = Math.max(longest, n);
        }
        return longest;
    }
}
