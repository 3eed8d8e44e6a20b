package org.skywave.bridge.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.gate.PeerScores.Limits;
import org.skywave.bridge.gate.PeerScores.Verdict;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkProfiles;

/**
 * Flood limits that follow the link: a peer sending as fast as its link carries is never refused,
 * one sending faster than its link could is, and a peer whose frames are authenticated is not
 * counted at all. On a virtual clock.
 */
class LinkRateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final PeerScores scores = new PeerScores(Limits.defaults(), now::get);

    /** Sends {@code minutes} minutes of messages, each {@code bytes} on air, at the link's full rate; returns the verdicts other than TAKE. */
    private int refusedAtRate(String peer, LinkProfile profile, LinkRateLimits limits, int bytes, double speedUp, int minutes) {
        long gap = Math.round(profile.airtime(bytes).toNanos() / speedUp);
        long end = now.get() + Duration.ofMinutes(minutes).toNanos();
        int refused = 0;
        while (now.get() < end) {
            if (scores.messageReceived(peer, limits) != Verdict.TAKE) {
                refused++;
            }
            now.addAndGet(gap);
        }
        return refused;
    }

    @Test
    void aPeerAtItsLinksFullRateIsNeverRefused() {
        for (LinkProfile profile : new LinkProfile[] {LinkProfiles.AX25_1200, LinkProfiles.AX25_9600, LinkProfiles.VARA_HF_2300}) {
            LinkRateLimits limits = LinkRateLimits.forLink(profile, false, Limits.DEFAULT_MAX_REPLAYS);
            // The smallest messages, back to back: the most messages a minute the link can carry.
            int refused = refusedAtRate("radio/" + profile.name(), profile, limits,
                    LinkRateLimits.SMALLEST_FRAMED_MESSAGE_BYTES, 1.0, 10);
            assertEquals(0, refused, profile.name() + " at " + limits.maxMessagesPerMinute() + " a minute");
        }
        assertEquals(0, scores.messagesRefused());
    }

    @Test
    void aPeerSendingFasterThanItsLinkCouldCarryIsAFlood() {
        LinkProfile profile = LinkProfiles.AX25_1200;
        LinkRateLimits limits = LinkRateLimits.forLink(profile, false, Limits.DEFAULT_MAX_REPLAYS);
        int refused = refusedAtRate("radio/FLOOD", profile, limits, LinkRateLimits.SMALLEST_FRAMED_MESSAGE_BYTES,
                3 * LinkRateLimits.HEADROOM, 3);
        assertTrue(refused > 0, "three times what the link carries, past the headroom, is refused");
        assertTrue(scores.bansImposed() >= 1 || scores.score("radio/FLOOD") > 0, "and scored");
    }

    @Test
    void theLimitGrowsWithTheLinkAndAConfiguredOneWins() {
        int slow = LinkRateLimits.forLink(LinkProfiles.AX25_1200, false, 8).maxMessagesPerMinute();
        int fast = LinkRateLimits.forLink(LinkProfiles.AX25_9600, false, 8).maxMessagesPerMinute();
        int tcp = LinkRateLimits.forLink(LinkProfiles.TCP, false, 8).maxMessagesPerMinute();
        assertTrue(slow < fast && fast < tcp, slow + " < " + fast + " < " + tcp);
        assertTrue(tcp > 1_000_000, "a TCP link carries far more than a relay ever sends: " + tcp);
        assertEquals(5, LinkRateLimits.forLink(LinkProfiles.TCP, false, 8).withMaxMessagesPerMinute(5).maxMessagesPerMinute());
        assertEquals(LinkRateLimits.MIN_MESSAGES_PER_MINUTE,
                LinkRateLimits.forLink(LinkProfiles.JS8_NORMAL, false, 8).maxMessagesPerMinute(), "however slow the link");
    }

    @Test
    void anAuthenticatedPeerIsNotCountedButItsReplaysAre() {
        LinkRateLimits trusted = LinkRateLimits.forLink(LinkProfiles.AX25_1200, true, 2);
        assertTrue(trusted.unlimited());
        for (int i = 0; i < 100_000; i++) {
            assertEquals(Verdict.TAKE, scores.messageReceived("tcp/TRUSTED", trusted));
        }
        byte[] bytes = new byte[org.skywave.bridge.message.MessageId.LENGTH];
        var id = org.skywave.bridge.message.MessageId.of(bytes);
        assertEquals(Verdict.TAKE, scores.seenAgain("tcp/TRUSTED", id, trusted));
        assertEquals(Verdict.TAKE, scores.seenAgain("tcp/TRUSTED", id, trusted));
        assertEquals(Verdict.REFUSE, scores.seenAgain("tcp/TRUSTED", id, trusted), "the third re-send is a replay");
    }
}
