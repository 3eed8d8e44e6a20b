package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.Link;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.SessionState;

/**
 * The client's state machine against a modem played line by line by the test, for what the
 * emulator does not do on cue: PENDING / CANCELPENDING around a call, lines the client does not
 * know at any moment, an encrypted link, MISSING SOUNDCARD, a call that crosses an inbound one
 * (vara.md sections 3, 5, 7 and 10).
 */
class VaraModemEventsTest {

    private ServerSocket commandServer;
    private ServerSocket dataServer;
    private Socket command;
    private Socket data;
    private Link link;
    private final Recorder events = new Recorder();

    @BeforeEach
    void listen() throws IOException {
        commandServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        dataServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        commandServer.setSoTimeout(10_000);
        dataServer.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws IOException {
        if (link != null) {
            link.close();
        }
        for (AutoCloseable c : new AutoCloseable[] {command, data, commandServer, dataServer}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // Test teardown.
            }
        }
    }

    /** Opens the link and plays a modem that accepts the whole set-up. */
    private void openAndSetUp(String params) throws Exception {
        link = new VaraTransport(Clock.systemUTC(), new Random(1)).open(LinkUri.parse("vara-hf://127.0.0.1:" + commandServer.getLocalPort()
                + "?data-port=" + dataServer.getLocalPort() + "&callsign=N0CALL-1&busy-backoff=0&" + params), events);
        acceptClient();
        answerSetUp();
        await(() -> link.state() == LinkState.UP, "link up");
    }

    private void acceptClient() throws IOException {
        command = commandServer.accept();
        data = dataServer.accept();
        command.setSoTimeout(5_000);
    }

    private void answerSetUp() throws IOException {
        for (String c = next(); ; c = next()) {
            if (c.equals("VERSION")) {
                say("VERSION VARA HF v4.9.0");
                return;
            }
            say("OK");
        }
    }

    private String next() throws IOException {
        StringBuilder b = new StringBuilder();
        InputStream in = command.getInputStream();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("client closed the command port after '" + b + "'");
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private void say(String... lines) throws IOException {
        command.getOutputStream().write((String.join("\r", lines) + "\r").getBytes(StandardCharsets.US_ASCII));
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what + ": " + events.stateDetails() + " " + events.sessionEvents());
    }

    @Test
    void aCallWaitsWhileACallIsBeingDecodedAndGoesOnCancelPending() throws Exception {
        openAndSetUp("peers=N0CALL-2");
        say("PENDING");
        await(link::isChannelBusy, "a call being decoded makes the channel busy");
        link.openSession(VaraAddress.parse("N0CALL-2"));
        command.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, this::next, "no CONNECT while PENDING");
        command.setSoTimeout(5_000);
        say("CANCELPENDING N9XYZ");
        assertEquals("CONNECT N0CALL-1 N0CALL-2", next());
        say("OK", "IAMALIVE", "FAULT mystery line", "SN 3.1", "PTT ON", "PTT OFF", "DISCONNECTED");
        await(() -> events.count(SessionState.FAILED) == 1, "failed call");
        assertTrue(events.sessionEvents().get(events.sessionEvents().size() - 1).detail().contains("no answer"));
        assertEquals(LinkState.UP, link.state(), "lines the client does not know change nothing");
    }

    @Test
    void anEncryptedLinkIsAbortedWhetherAnnouncedBeforeOrDuringTheSession() throws Exception {
        openAndSetUp("allow=*");
        say("ENCRYPTED LINK", "CONNECTED N0CALL-2 N0CALL-1 2300");
        assertEquals("ABORT", next(), "announced before CONNECTED: aborted at once");
        say("OK", "DISCONNECTED");
        say("UNENCRYPTED LINK", "CONNECTED N0CALL-2 N0CALL-1 2300");
        await(() -> events.count(SessionState.UP) == 1, "an unencrypted session is taken");
        assertEquals(1, events.sessionEvents().size(), "the encrypted one was never reported: " + events.sessionEvents());
        say("ENCRYPTED LINK");
        assertEquals("ABORT", next());
        say("OK", "DISCONNECTED");
        await(() -> events.count(SessionState.DOWN) == 1, "down");
        assertTrue(events.sessionEvents().get(events.sessionEvents().size() - 1).detail().contains("encrypted"), events.sessionEvents().toString());
    }

    @Test
    void anInboundCallCrossingOurOwnWinsAndOurCallFails() throws Exception {
        openAndSetUp("peers=N0CALL-2&allow=*");
        link.openSession(VaraAddress.parse("N0CALL-2"));
        assertEquals("CONNECT N0CALL-1 N0CALL-2", next());
        say("OK", "CONNECTED N0CALL-3 N0CALL-1 500");
        await(() -> events.count(SessionState.UP) == 1, "inbound up");
        assertTrue(events.sessionEvents().stream().anyMatch(e -> e.state() == SessionState.FAILED && e.peer().toString().equals("N0CALL-2")));
        assertTrue(events.sessionEvents().stream().anyMatch(e -> e.state() == SessionState.UP && e.peer().toString().equals("N0CALL-3")));
        assertEquals(1260, (int) link.profile().bitrate(), "profile of the inbound session's 500 Hz");
        say("BITRATE (2)  300 bps RX");
        await(() -> (int) link.profile().bitrate() == 300, "profile follows BITRATE");
    }

    /** The worked example of docs/PROTOCOL.md section 4.3. */
    private static final byte[] FRAME = {0x01, (byte) 0xa2, 0x00, 0x01, 0x01, 0x06, 0x02, 0x45, 0x61, 0x62, 0x63};
    private static final byte[] ON_THE_DATA_PORT = {0x00, 0x0b, 0x01, (byte) 0xa2, 0x00, 0x01, 0x01, 0x06, 0x02, 0x45, 0x61, 0x62, 0x63};

    @Test
    void framesOnTheDataPortCarryTheirLengthAndAFrameCutOffBySessionEndSpoilsNoNextSession() throws Exception {
        openAndSetUp("allow=*");
        say("CONNECTED N0CALL-2 N0CALL-1 2300");
        await(() -> events.count(SessionState.UP) == 1, "inbound session");
        link.send(VaraAddress.parse("N0CALL-2"), FRAME).get(10, java.util.concurrent.TimeUnit.SECONDS);
        data.setSoTimeout(5_000);
        assertArrayEquals(ON_THE_DATA_PORT, data.getInputStream().readNBytes(ON_THE_DATA_PORT.length), "what goes on the data port");
        java.io.OutputStream toLink = data.getOutputStream();
        toLink.write(new byte[] {0x00, 0x00}); // an empty frame, skipped
        toLink.write(java.util.Arrays.copyOf(ON_THE_DATA_PORT, 5));
        toLink.flush();
        Thread.sleep(50);
        toLink.write(java.util.Arrays.copyOfRange(ON_THE_DATA_PORT, 5, ON_THE_DATA_PORT.length));
        toLink.write(new byte[] {0x00, 0x10, 0x01, 0x02}); // a frame the session's end cuts off
        toLink.flush();
        await(() -> events.frameCount() == 1, "the frame split across two writes");
        assertArrayEquals(FRAME, events.frames().get(0).payload());
        Thread.sleep(50);
        say("DISCONNECTED");
        await(() -> events.count(SessionState.DOWN) == 1, "session down");
        say("CONNECTED N0CALL-2 N0CALL-1 2300");
        await(() -> events.count(SessionState.UP) == 2, "next session");
        Thread.sleep(50);
        toLink.write(ON_THE_DATA_PORT);
        toLink.flush();
        await(() -> events.frameCount() == 2, "a whole frame in the next session");
        assertArrayEquals(FRAME, events.frames().get(1).payload(), "not glued to the cut-off bytes");
    }

    @Test
    void missingSoundcardTakesTheLinkDownAndTheModemIsDialledAgain() throws Exception {
        openAndSetUp("");
        say("MISSING SOUNDCARD");
        await(() -> link.state() == LinkState.DOWN, "down");
        assertTrue(events.stateDetails().stream().anyMatch(d -> d.contains("MISSING SOUNDCARD")), events.stateDetails().toString());
        command.close();
        data.close();
        acceptClient();
        answerSetUp();
        await(() -> link.state() == LinkState.UP, "up again after the reconnect back-off");
    }
}
