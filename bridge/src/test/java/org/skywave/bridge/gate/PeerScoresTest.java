package org.skywave.bridge.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.gate.PeerScores.Limits;
import org.skywave.bridge.gate.PeerScores.Offence;
import org.skywave.bridge.gate.PeerScores.Verdict;
import org.skywave.bridge.message.MessageId;

/** Scores, bans and their expiry, floods, replays and REJECT pacing, on a virtual clock. */
class PeerScoresTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final PeerScores scores = new PeerScores(Limits.defaults(), now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static MessageId id(int n) {
        byte[] bytes = new byte[MessageId.LENGTH];
        bytes[0] = (byte) n;
        return MessageId.of(bytes);
    }

    @Test
    void offencesAddUpToABanThatEndsAfterTheBanTime() {
        for (int i = 1; i < 10; i++) {
            assertFalse(scores.offence("radio/BAD-1", Offence.MALFORMED, "garbage"), "offence " + i);
        }
        assertEquals(90, scores.score("radio/BAD-1"));
        assertFalse(scores.dropIfBanned("radio/BAD-1"));
        assertTrue(scores.offence("radio/BAD-1", Offence.UNKNOWN_KIND, "kind 99"), "the 10th reaches 100");
        assertEquals(1, scores.bansImposed());
        assertTrue(scores.banned("radio/BAD-1"));
        assertTrue(scores.dropIfBanned("radio/BAD-1"));
        assertFalse(scores.dropIfBanned("radio/GOOD-1"), "other peers are not affected");
        assertFalse(scores.offence("radio/BAD-1", Offence.MALFORMED, "more"), "no second ban during a ban");

        advance(Limits.DEFAULT_BAN_TIME.minusSeconds(1));
        assertTrue(scores.dropIfBanned("radio/BAD-1"));
        advance(Duration.ofSeconds(1));
        assertFalse(scores.dropIfBanned("radio/BAD-1"), "heard again after the ban");
        assertFalse(scores.banned("radio/BAD-1"));
        assertEquals(0, scores.score("radio/BAD-1"), "the ban wiped the slate");
        assertEquals(2, scores.framesDroppedWhileBanned());
        assertEquals(1, scores.bansImposed());
    }

    @Test
    void theGateSectionSetsBanScoreAndBanTime() {
        Limits limits = Limits.forGate(GateConfig.defaults().withBans(30, 2));
        assertEquals(30, limits.banScore());
        assertEquals(Duration.ofMinutes(2), limits.banTime());
        assertEquals(Limits.defaults().withBan(30, Duration.ofMinutes(2)), limits, "the other limits keep their defaults");
        assertEquals(Limits.defaults(), Limits.forGate(GateConfig.defaults()), "the [gate] defaults are the peer defaults");

        PeerScores strict = new PeerScores(limits, now::get);
        assertFalse(strict.offence("tcp/10.0.0.1:5000", Offence.MALFORMED, "garbage"));
        assertFalse(strict.offence("tcp/10.0.0.1:5000", Offence.MALFORMED, "garbage"));
        assertTrue(strict.offence("tcp/10.0.0.1:5000", Offence.MALFORMED, "garbage"), "three malformed frames reach 30");
        advance(Duration.ofMinutes(2).minusNanos(1));
        assertTrue(strict.banned("tcp/10.0.0.1:5000"));
        advance(Duration.ofNanos(1));
        assertFalse(strict.banned("tcp/10.0.0.1:5000"), "over after ban_minutes");
    }

    @Test
    void bansListsThePeersBannedNowWithTheirScoreAndTimeLeft() {
        assertEquals(List.of(), scores.bans());
        scores.offence("radio/NOISY", Offence.MALFORMED, "bit error");
        scores.offence("radio/BAD-1", Offence.FLOOD, "flood");
        scores.offence("radio/BAD-1", Offence.FLOOD, "flood");
        advance(Duration.ofMinutes(4));
        assertEquals(List.of(new PeerScores.Ban("radio/BAD-1", 100, Limits.DEFAULT_BAN_TIME.minusMinutes(4))), scores.bans(),
                "only the banned peer, with the score that banned it");
        advance(Duration.ofMinutes(6));
        assertEquals(List.of(), scores.bans(), "a ban that ran out is not listed");
    }

    @Test
    void pointsFadeSoThatRareErrorsNeverBan() {
        for (int i = 0; i < 100; i++) {
            assertFalse(scores.offence("radio/NOISY", Offence.MALFORMED, "bit error"), "error " + i);
            advance(Duration.ofMinutes(1));
        }
        assertFalse(scores.banned("radio/NOISY"));
        assertEquals(0, scores.score("radio/NOISY"));
        scores.offence("radio/NOISY", Offence.MALFORMED, "x");
        advance(Duration.ofSeconds(30));
        assertEquals(5, scores.score("radio/NOISY"), "10 points a minute fade: 5 after 30 s");
    }

    @Test
    void moreMessagesThanTheLimitInAMinuteAreRefusedAndTheFirstOfThemIsScoredAsAFlood() {
        Limits limits = new Limits(100, Duration.ofMinutes(10), 10, 20, 8, Duration.ofMinutes(10), Duration.ofSeconds(10), 100);
        PeerScores scores = new PeerScores(limits, now::get);
        assertEquals(Verdict.TAKE, minuteOf(scores, 20), "20 a minute are taken");
        assertEquals(0, scores.score("tcp/peer"));
        assertEquals(Verdict.REFUSE, scores.messageReceived("tcp/peer"), "the 21st is a flood: 50 points, no ban yet");
        assertEquals(Offence.FLOOD.points(), scores.score("tcp/peer"));
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Verdict.REFUSE, scores.messageReceived("tcp/peer"), "the rest of the minute is refused");
        }
        assertEquals(Offence.FLOOD.points(), scores.score("tcp/peer"), "a flood is scored once per minute");
        assertEquals(1_001, scores.messagesRefused());
        advance(Duration.ofMinutes(1));
        assertEquals(Verdict.TAKE, minuteOf(scores, 20), "a new minute takes 20 again");
        assertEquals(Verdict.REFUSE, scores.messageReceived("tcp/peer"), "second flooded minute: 50 - 10 faded + 50 = 90");
        assertEquals(90, scores.score("tcp/peer"));
        advance(Duration.ofMinutes(1));
        assertEquals(Verdict.TAKE, minuteOf(scores, 20));
        assertEquals(Verdict.BAN, scores.messageReceived("tcp/peer"), "third flooded minute: 80 + 50 bans");
        assertTrue(scores.banned("tcp/peer"));
    }

    /** Sends {@code n} messages from {@code tcp/peer}; the verdict on the last, failing if an earlier one differs. */
    private static Verdict minuteOf(PeerScores scores, int n) {
        Verdict last = null;
        for (int i = 0; i < n; i++) {
            Verdict v = scores.messageReceived("tcp/peer");
            if (last != null && v != last) {
                throw new AssertionError("message " + (i + 1) + " got " + v + " after " + last);
            }
            last = v;
        }
        return last;
    }

    @Test
    void theSameMessageTooOftenIsARefusedReplayButOrdinaryResendsAreTaken() {
        for (int i = 0; i < Limits.DEFAULT_MAX_REPLAYS; i++) {
            assertEquals(Verdict.TAKE, scores.seenAgain("radio/PEER", id(1)));
            assertEquals(Verdict.TAKE, scores.seenAgain("radio/PEER", id(2)));
        }
        assertEquals(0, scores.score("radio/PEER"));
        assertEquals(Verdict.REFUSE, scores.seenAgain("radio/PEER", id(1)));
        assertEquals(Offence.REPLAY.points(), scores.score("radio/PEER"));
        assertEquals(Verdict.REFUSE, scores.seenAgain("radio/PEER", id(1)), "refused for the rest of the window");
        assertEquals(Offence.REPLAY.points(), scores.score("radio/PEER"), "scored once per window");
        assertEquals(2, scores.messagesRefused());
        advance(Limits.DEFAULT_REPLAY_WINDOW);
        assertEquals(Verdict.TAKE, scores.seenAgain("radio/PEER", id(2)), "a new window starts the count again");
        assertEquals(Verdict.TAKE, scores.seenAgain("radio/PEER", id(1)));
        assertEquals(0, scores.score("radio/PEER"));
    }

    @Test
    void rejectsArePacedPerPeer() {
        assertTrue(scores.mayReject("radio/A"));
        assertFalse(scores.mayReject("radio/A"));
        assertTrue(scores.mayReject("radio/B"), "each peer has its own pace");
        advance(Limits.DEFAULT_REJECT_INTERVAL.minusMillis(1));
        assertFalse(scores.mayReject("radio/A"));
        advance(Duration.ofMillis(1));
        assertTrue(scores.mayReject("radio/A"));
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlyHeardPeers() {
        Limits limits = new Limits(100, Duration.ofMinutes(10), 10, 600, 8, Duration.ofMinutes(10), Duration.ofSeconds(10), 3);
        PeerScores scores = new PeerScores(limits, now::get);
        scores.offence("p0", Offence.MALFORMED, "x");
        for (int i = 1; i <= 3; i++) {
            scores.offence("p" + i, Offence.MALFORMED, "x");
        }
        assertEquals(0, scores.score("p0"), "p0 was forgotten");
        assertEquals(10, scores.score("p3"));
    }
}
