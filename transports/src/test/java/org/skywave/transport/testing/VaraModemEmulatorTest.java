package org.skywave.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emulator refuses what a real VARA modem refuses (vara.md sections 1, 2, 5, 6, 8, 11) and records each as a violation. */
class VaraModemEmulatorTest {

    private final VaraAirChannel air = new VaraAirChannel(VaraAirChannel.Conditions.clear().scaled(0.01));
    private VaraModemEmulator hf;
    private VaraModemEmulator other;

    @AfterEach
    void stop() {
        if (hf != null) {
            hf.close();
        }
        if (other != null) {
            other.close();
        }
        air.close();
    }

    /** A raw host program on one modem. */
    private static final class Host implements AutoCloseable {
        final Socket command;
        final Socket data;

        Host(VaraModemEmulator modem) throws IOException {
            command = new Socket(InetAddress.getLoopbackAddress(), modem.commandPort());
            data = new Socket(InetAddress.getLoopbackAddress(), modem.dataPort());
            command.setSoTimeout(5_000);
            data.setSoTimeout(5_000);
        }

        void send(String... lines) throws IOException {
            command.getOutputStream().write((String.join("\r", lines) + "\r").getBytes(StandardCharsets.US_ASCII));
        }

        /** The next line from the modem (bounded by the socket timeout). */
        String line() throws IOException {
            StringBuilder b = new StringBuilder();
            InputStream in = command.getInputStream();
            for (int c = in.read(); c != '\r'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("command port closed after '" + b + "'");
                }
                b.append((char) c);
            }
            return b.toString();
        }

        /** Reads lines until one equals {@code wanted}; fails after 50 lines. */
        String await(String wantedPrefix) throws IOException {
            for (int i = 0; i < 50; i++) {
                String l = line();
                if (l.startsWith(wantedPrefix)) {
                    return l;
                }
            }
            throw new AssertionError("no line starting " + wantedPrefix);
        }

        @Override
        public void close() throws IOException {
            command.close();
            data.close();
        }
    }

    @Test
    void unknownAndLowerCaseCommandsGetWrong() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host host = new Host(hf)) {
            host.send("mycall N0CALL", "FROB", "PUBLIC ON");
            assertEquals(List.of("WRONG", "WRONG", "OK"), List.of(host.line(), host.line(), host.line()));
        }
        assertEquals(2, hf.violations().size(), hf.violations().toString());
        assertTrue(hf.violations().get(0).contains("section 2") && hf.violations().get(0).contains("upper case"), hf.violations().get(0));
    }

    @Test
    void connectBeforeMycallFailsAndMycallChecksEachCallsign() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host host = new Host(hf)) {
            host.send("CONNECT N0CALL N0CALL-2", "MYCALL N0CALL-16", "MYCALL A B C D E F G", "MYCALL N0CALL N0CALL-T");
            assertEquals(List.of("WRONG", "WRONG", "WRONG", "OK", "REGISTERED N0CALL"),
                    List.of(host.line(), host.line(), host.line(), host.line(), host.line()));
            host.send("CONNECT N1CALL N0CALL-2");
            assertEquals("WRONG", host.line(), "source must be one of MYCALL");
        }
        assertTrue(hf.violations().get(0).contains("CONNECT before MYCALL"), hf.violations().toString());
    }

    @Test
    void dataBeforeConnectedIsDiscarded() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host host = new Host(hf)) {
            host.data.getOutputStream().write(new byte[] {1, 2, 3});
            host.send("VERSION");
            assertEquals("VERSION VARA HF v4.9.0", host.line());
            waitUntil(() -> hf.bytesDiscarded() == 3);
        }
        assertTrue(hf.violations().get(0).contains("before CONNECTED"), hf.violations().toString());
    }

    @Test
    void aSecondClientOnAPortIsRefused() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host first = new Host(hf); Socket second = new Socket(InetAddress.getLoopbackAddress(), hf.commandPort())) {
            second.setSoTimeout(5_000);
            assertEquals(-1, second.getInputStream().read(), "the modem closes a second command client");
            first.send("PUBLIC ON");
            assertEquals("OK", first.line(), "the first client is unaffected");
        }
        assertEquals(1, hf.refusedClients());
    }

    @Test
    void fmRefusesHfOnlyCommands() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.FM, air);
        try (Host host = new Host(hf)) {
            host.send("BW2300", "P2P SESSION", "CWID ON", "COMPRESSION TEXT");
            assertEquals(List.of("WRONG", "WRONG", "WRONG", "OK"), List.of(host.line(), host.line(), host.line(), host.line()));
        }
        assertEquals(3, hf.violations().size());
    }

    @Test
    void sessionCarriesBytesReportsBufferAndListenDropsIt() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        other = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host a = new Host(hf); Host b = new Host(other)) {
            b.send("MYCALL N0CALL-2", "LISTEN ON");
            b.await("OK");
            b.await("OK");
            a.send("MYCALL N0CALL-1", "BW500", "P2P SESSION", "CONNECT N0CALL-1 N0CALL-2");
            assertEquals("CONNECTED N0CALL-1 N0CALL-2 500", a.await("CONNECTED"));
            assertEquals("PENDING", b.await("PENDING"));
            assertEquals("CONNECTED N0CALL-1 N0CALL-2 500", b.await("CONNECTED"));
            a.data.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            assertEquals("BUFFER 5", a.await("BUFFER"));
            assertEquals("BUFFER 0", a.await("BUFFER"));
            byte[] got = b.data.getInputStream().readNBytes(5);
            assertEquals("hello", new String(got, StandardCharsets.US_ASCII));
            b.send("LISTEN OFF");
            assertEquals("DISCONNECTED", a.await("DISCONNECTED"), "LISTEN during a session drops it (section 2)");
            assertEquals("DISCONNECTED", b.await("DISCONNECTED"));
        }
        assertEquals(List.of(), hf.violations());
        assertEquals(List.of(), other.violations());
        assertEquals(1, air.sessions());
    }

    @Test
    void disconnectDrainsTheBufferFirstAndCallsToNobodyFail() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        other = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host a = new Host(hf); Host b = new Host(other)) {
            a.send("MYCALL N0CALL-1", "CONNECT N0CALL-1 N9NONE");
            assertEquals("DISCONNECTED", a.await("DISCONNECTED"), "nobody answers");
            b.send("MYCALL N0CALL-2", "LISTEN ON");
            b.await("OK");
            b.await("OK");
            a.send("CONNECT N0CALL-1 N0CALL-2");
            a.await("CONNECTED");
            byte[] payload = new byte[3000];
            Arrays.fill(payload, (byte) 7);
            a.data.getOutputStream().write(payload);
            // The ports are not ordered (section 6): DISCONNECT only once the modem holds every byte.
            waitUntil(() -> hf.bytesFromHost() == 3000);
            a.send("DISCONNECT");
            a.await("DISCONNECTED");
            assertEquals(3000, b.data.getInputStream().readNBytes(3000).length, "everything queued went out before the disconnect");
        }
        assertEquals(List.of(), hf.violations());
    }

    @Test
    void lostFramesAreRepeatedByTheArqAndADropoutEndsTheSessionOnBothSides() throws Exception {
        byte[] payload = new byte[20_000];
        new java.util.Random(5).nextBytes(payload);
        try (VaraAirChannel lossy = new VaraAirChannel(new VaraAirChannel.Conditions(0.005, 0.4, 0, 11))) {
            byte[] got = transfer(lossy, payload);
            assertTrue(Arrays.equals(payload, got), "every byte, in order, despite lost frames");
            assertTrue(lossy.framesLost() > 0, "frames were lost: " + lossy.framesLost());
        }
        try (VaraAirChannel fading = new VaraAirChannel(new VaraAirChannel.Conditions(0.005, 0, 0.5, 11))) {
            byte[] got = transfer(fading, payload);
            assertTrue(got.length < payload.length, "a dropout cut the transfer: " + got.length);
            assertTrue(Arrays.equals(Arrays.copyOf(payload, got.length), got), "what arrived is a prefix, intact");
            assertEquals(1, fading.dropouts());
        }
    }

    /** Sends {@code payload} from one modem to another on {@code channel}; returns what arrived before the session ended. */
    private static byte[] transfer(VaraAirChannel channel, byte[] payload) throws Exception {
        try (VaraModemEmulator from = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, channel);
             VaraModemEmulator to = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, channel);
             Host a = new Host(from); Host b = new Host(to)) {
            b.send("MYCALL N0CALL-2", "LISTEN ON");
            b.await("OK");
            b.await("OK");
            a.send("MYCALL N0CALL-1", "CONNECT N0CALL-1 N0CALL-2");
            a.await("CONNECTED");
            a.data.getOutputStream().write(payload);
            // The two ports are not ordered (section 6): hang up only once the modem holds every byte, unless the session fades first.
            waitUntil(() -> from.bytesFromHost() == payload.length || !from.inSession());
            if (from.inSession()) {
                a.send("DISCONNECT");
            }
            a.await("DISCONNECTED");
            b.await("DISCONNECTED");
            b.data.setSoTimeout(200);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n = b.data.getInputStream().read(buf); n > 0; n = b.data.getInputStream().read(buf)) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException drained) {
                // Everything delivered has been read.
            }
            assertEquals(List.of(), from.violations());
            return got.toByteArray();
        }
    }

    @Test
    void iAmAliveComesAtItsInterval() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air, 0, 0, Duration.ofMillis(50));
        try (Host host = new Host(hf)) {
            assertEquals("IAMALIVE", host.await("IAMALIVE"));
        }
    }

    @Test
    void aSilentModemAnswersNothing() throws Exception {
        hf = VaraModemEmulator.start(VaraModemEmulator.Kind.HF, air);
        try (Host host = new Host(hf)) {
            hf.stopAnswering();
            host.command.setSoTimeout(300);
            host.send("VERSION");
            org.junit.jupiter.api.Assertions.assertThrows(SocketTimeoutException.class, host::line);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }
}
