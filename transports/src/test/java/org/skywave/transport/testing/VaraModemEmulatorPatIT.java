package org.skywave.transport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VARA emulator checked against a client nobody here wrote: Debian's Pat 0.13.1
 * ({@code pat-winlink}) dials a station through emulator A; a scripted Winlink answerer sits
 * behind emulator B on the same {@link VaraAirChannel}. The emulator must accept Pat's whole
 * command sequence (recorded in {@code ../shared/specs/test-peers.md} section 3) and session with
 * no violation, and Pat must finish its B2F exchange and exit 0.
 */
class VaraModemEmulatorPatIT {

    /** Pat 0.13.1 sometimes waits its full 60 s for a second DISCONNECTED (test-peers.md section 3). */
    private static final Duration PAT_RUN = Duration.ofSeconds(90);
    private static final String PAT_CALL = "N0CALL";
    private static final String REMOTE_CALL = "N0CALL-10";

    @TempDir
    Path dir;
    private VaraAirChannel air;
    private VaraModemEmulator modemA;
    private VaraModemEmulator modemB;
    private WinlinkAnswerer remote;

    @BeforeEach
    void requirePat() {
        PeerBinaries.require("pat-winlink", "pat");
    }

    @AfterEach
    void stop() throws IOException {
        if (remote != null) {
            remote.close();
        }
        if (modemA != null) {
            modemA.close();
        }
        if (modemB != null) {
            modemB.close();
        }
        if (air != null) {
            air.close();
        }
    }

    @Test
    void patDialsThroughVaraHfWithNoViolation() throws Exception {
        List<String> commands = runPat(VaraModemEmulator.Kind.HF, "varahf:///" + REMOTE_CALL);
        assertEquals(List.of("PUBLIC ON", "CWID ON", "COMPRESSION TEXT", "MYCALL N0CALL", "LISTEN ON",
                "WINLINK SESSION", "CONNECT N0CALL N0CALL-10"), commands.subList(0, 7), "Pat's set-up and call, as recorded");
        assertOnlyDisconnectsAfter(commands, 7);
    }

    @Test
    void patDialsThroughVaraHfPeerToPeerAt2750WithNoViolation() throws Exception {
        List<String> commands = runPat(VaraModemEmulator.Kind.HF, "varahf:///" + REMOTE_CALL + "?bw=2750&p2p=true");
        assertEquals(List.of("PUBLIC ON", "CWID ON", "COMPRESSION TEXT", "MYCALL N0CALL", "BW2750", "LISTEN ON",
                "P2P SESSION", "CONNECT N0CALL N0CALL-10"), commands.subList(0, 8));
        assertOnlyDisconnectsAfter(commands, 8);
        assertTrue(remote.connectedLine().endsWith(" 2750"), "session at the bandwidth Pat asked for: " + remote.connectedLine());
    }

    @Test
    void patDialsThroughVaraFmWithNoViolation() throws Exception {
        List<String> commands = runPat(VaraModemEmulator.Kind.FM, "varafm:///" + REMOTE_CALL);
        assertEquals(List.of("PUBLIC ON", "COMPRESSION TEXT", "MYCALL N0CALL", "LISTEN ON", "CONNECT N0CALL N0CALL-10"),
                commands.subList(0, 5));
        assertOnlyDisconnectsAfter(commands, 5);
        assertTrue(remote.connectedLine().endsWith(" WIDE"), remote.connectedLine());
    }

    private static void assertOnlyDisconnectsAfter(List<String> commands, int from) {
        List<String> rest = commands.subList(from, commands.size());
        assertTrue(!rest.isEmpty() && rest.size() <= 2 && rest.stream().allMatch("DISCONNECT"::equals),
                "after the call Pat only hangs up (once, or twice as 0.13.1 sometimes does): " + rest);
    }

    /** Runs one Pat session through emulator A; returns the commands A saw after checking the session. */
    private List<String> runPat(VaraModemEmulator.Kind kind, String url) throws Exception {
        air = new VaraAirChannel(VaraAirChannel.Conditions.clear().scaled(0.2));
        modemA = VaraModemEmulator.start(kind, air);
        modemB = VaraModemEmulator.start(kind, air);
        remote = new WinlinkAnswerer(modemB, REMOTE_CALL);
        Path config = writePatConfig(kind);
        ChildProcess pat = ChildProcess.start("pat-winlink", List.of(PeerBinaries.require("pat-winlink", "pat"),
                        "--config", config.toString(), "--mbox", dir.resolve("mbox").toString(),
                        "--log", dir.resolve("pat.log").toString(), "--event-log", dir.resolve("events.log").toString(),
                        "--forms", dir.resolve("forms").toString(), "connect", url),
                dir, Map.of("HOME", dir.toString(), "VARA_DEBUG", "1"), dir.resolve("pat-output.log"));
        try {
            assertTrue(pat.waitFor(PAT_RUN), "Pat still running after " + PAT_RUN + ":\n" + pat.tail());
            assertEquals(0, pat.exitValue(), "Pat's exit status; its output:\n" + pat.tail());
        } finally {
            pat.stop();
        }
        assertTrue(pat.logText().contains("Disconnected."), pat.tail());
        String fromPat = remote.received().get(10, TimeUnit.SECONDS);
        assertTrue(fromPat.contains(";FW: " + PAT_CALL + "\r") && fromPat.endsWith("FF\r"),
                "Pat's B2F handshake reached the far station over the air: " + fromPat);
        assertEquals(List.of(), modemA.violations(), "violations by Pat");
        assertEquals(List.of(), modemB.violations(), "violations by the answering script");
        assertEquals(1, air.sessions());
        System.out.println("[VaraModemEmulatorPatIT] " + url + ": " + modemA.commands().size() + " commands seen "
                + modemA.commands() + ", violations " + modemA.violations().size());
        return modemA.commands();
    }

    private Path writePatConfig(VaraModemEmulator.Kind kind) throws IOException {
        String modem = "{ \"host\": \"127.0.0.1\", \"cmdPort\": " + modemA.commandPort() + ", \"dataPort\": " + modemA.dataPort()
                + ", \"bandwidth\": " + (kind == VaraModemEmulator.Kind.HF ? 2300 : 0) + ", \"rig\": \"\", \"ptt_ctrl\": false }";
        String json = "{\n \"mycall\": \"" + PAT_CALL + "\",\n \"secure_login_password\": \"\",\n \"locator\": \"FN20\",\n"
                + " \"service_codes\": [\"PUBLIC\"],\n \"http_addr\": \"127.0.0.1:0\",\n \"motd\": [],\n"
                + " \"connect_aliases\": {},\n \"listen\": [],\n \"hamlib_rigs\": {},\n"
                + " \"varahf\": " + modem + ",\n \"varafm\": " + modem + ",\n \"version_reporting_disabled\": true\n}\n";
        Path config = dir.resolve("config.json");
        Files.writeString(config, json);
        return config;
    }

    /**
     * The far station: a host program on modem B that listens as {@code call} and plays the
     * Winlink side of the B2F greeting Pat expects (test-peers.md section 3, "Full session").
     */
    private static final class WinlinkAnswerer implements AutoCloseable {

        private final Socket command;
        private final Socket data;
        private final CompletableFuture<String> received = new CompletableFuture<>();
        private volatile String connectedLine = "";

        WinlinkAnswerer(VaraModemEmulator modem, String call) throws IOException {
            command = new Socket(InetAddress.getLoopbackAddress(), modem.commandPort());
            data = new Socket(InetAddress.getLoopbackAddress(), modem.dataPort());
            command.getOutputStream().write(("MYCALL " + call + "\rLISTEN ON\r").getBytes(StandardCharsets.US_ASCII));
            Thread t = new Thread(this::answer, "winlink-answerer");
            t.setDaemon(true);
            t.start();
        }

        String connectedLine() {
            return connectedLine;
        }

        CompletableFuture<String> received() {
            return received;
        }

        private void answer() {
            try {
                command.setSoTimeout(60_000);
                data.setSoTimeout(60_000);
                connectedLine = awaitLine(command.getInputStream(), "CONNECTED ");
                OutputStream out = data.getOutputStream();
                out.write("[WL2K-5.0-B2FWIHJM$]\rCMS>\r".getBytes(StandardCharsets.US_ASCII));
                String fromPat = readUntil(data.getInputStream(), "FF\r");
                out.write("FQ\r".getBytes(StandardCharsets.US_ASCII));
                received.complete(fromPat);
            } catch (IOException e) {
                received.completeExceptionally(e);
            }
        }

        /** Reads CR-terminated lines until one starts with {@code prefix} (bounded by the socket timeout and 1000 lines). */
        private static String awaitLine(InputStream in, String prefix) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int lines = 0; lines < 1000; ) {
                int c = in.read();
                if (c < 0) {
                    break;
                } else if (c != '\r') {
                    line.append((char) c);
                } else if (line.toString().startsWith(prefix)) {
                    return line.toString();
                } else {
                    line.setLength(0);
                    lines++;
                }
            }
            throw new IOException("no line starting '" + prefix + "' from the modem");
        }

        /** Reads until {@code end} has arrived (bounded by the socket timeout and 64 KiB). */
        private static String readUntil(InputStream in, String end) throws IOException {
            StringBuilder text = new StringBuilder();
            byte[] buf = new byte[1024];
            while (!text.toString().contains(end)) {
                int n = in.read(buf);
                if (n < 0 || text.length() > 65_536) {
                    throw new IOException("stream ended before '" + end.strip() + "': " + text);
                }
                text.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
            }
            return text.toString();
        }

        @Override
        public void close() throws IOException {
            command.close();
            data.close();
        }
    }
}
