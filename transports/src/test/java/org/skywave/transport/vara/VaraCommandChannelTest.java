package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** One command at a time, each answered or timed out (vara.md section 4); time is passed in, not read. */
class VaraCommandChannelTest {

    private static final long TIMEOUT = 10_000;
    private final List<String> written = new ArrayList<>();
    private final VaraCommandChannel channel = new VaraCommandChannel(written::add, TIMEOUT);

    private static VaraReply reply(String line) {
        try {
            return VaraReply.parse(line);
        } catch (VaraProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theNextCommandIsWrittenOnlyAfterTheAnswerToTheOneBefore() {
        CompletableFuture<VaraReply> mycall = channel.send("MYCALL N0CALL", 0);
        CompletableFuture<VaraReply> listen = channel.send("LISTEN ON", 0);
        assertEquals(List.of("MYCALL N0CALL"), written);
        assertFalse(channel.answer(reply("BUSY OFF"), 1), "an event answers nothing");
        assertFalse(channel.answer(reply("REGISTERED N0CALL"), 1));
        assertTrue(channel.answer(reply("OK"), 2));
        assertEquals(VaraReply.Kind.OK, mycall.join().kind());
        assertEquals(List.of("MYCALL N0CALL", "LISTEN ON"), written);
        assertTrue(channel.answer(reply("WRONG"), 3));
        assertEquals(VaraReply.Kind.WRONG, listen.join().kind(), "WRONG is an answer; the caller decides what it means");
        assertFalse(channel.busy());
        assertFalse(channel.answer(reply("OK"), 4), "an OK with no command outstanding answers nothing");
    }

    @Test
    void versionIsAnsweredByItsOwnLineAndOlderModemsMaySayWrong() {
        CompletableFuture<VaraReply> version = channel.send("VERSION", 0);
        assertFalse(channel.answer(reply("OK"), 1), "an OK does not answer VERSION");
        assertTrue(channel.answer(reply("VERSION VARA FM v4.2.9"), 1));
        assertEquals("VERSION VARA FM v4.2.9", version.join().line());
        CompletableFuture<VaraReply> old = channel.send("VERSION", 2);
        assertTrue(channel.answer(reply("WRONG"), 3));
        assertEquals(VaraReply.Kind.WRONG, old.join().kind());
    }

    @Test
    void anUnansweredCommandTimesOutAndFailingAllFailsEveryOneQueued() {
        CompletableFuture<VaraReply> first = channel.send("LISTEN ON", 100);
        CompletableFuture<VaraReply> second = channel.send("VERSION", 100);
        assertNull(channel.timedOut(100 + TIMEOUT));
        assertEquals("LISTEN ON", channel.timedOut(101 + TIMEOUT));
        channel.failAll("modem lost");
        CompletionException e = assertThrows(CompletionException.class, first::join);
        assertTrue(e.getCause().getMessage().contains("'LISTEN ON': modem lost"), e.getCause().getMessage());
        assertThrows(CompletionException.class, second::join);
        assertFalse(channel.busy());
    }

    @Test
    void aCommandMustBeOneLine() {
        assertThrows(IllegalArgumentException.class, () -> channel.send("LISTEN ON\rABORT", 0));
        assertThrows(IllegalArgumentException.class, () -> channel.send(" ", 0));
    }
}
