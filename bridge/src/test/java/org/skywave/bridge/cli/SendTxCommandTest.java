package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.admin.AdminSamples;
import org.skywave.bridge.admin.AdminServer;
import org.skywave.bridge.admin.FakeAdminBackend;
import org.skywave.bridge.admin.Submission;
import org.skywave.bridge.admin.TxProgress;
import org.skywave.bridge.admin.TxProgress.LinkProgress;
import org.skywave.bridge.admin.TxProgress.State;
import org.skywave.bridge.message.Network;
import picocli.CommandLine;

class SendTxCommandTest {

    @TempDir
    Path dir;

    private final FakeAdminBackend backend = new FakeAdminBackend();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private AdminServer server;
    private Path tokenFile;
    private final String n = System.lineSeparator();

    @BeforeEach
    void start() throws IOException {
        tokenFile = dir.resolve("admin.token");
        Files.writeString(tokenFile, AdminSamples.TOKEN + "\n");
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        server = AdminServer.start("127.0.0.1", 0, tokenFile, backend);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int run(InputStream stdin, String... args) {
        CommandLine commandLine = new CommandLine(new SendTxCommand(stdin));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private int run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    /** Submissions are answered with the progress a station shows right after: queued on the radio link. */
    private void progressAfterSubmit() {
        backend.onSubmit = tx -> {
            backend.progress.put(tx.id(), new TxProgress(tx.id(), List.of(
                    new LinkProgress("radio", State.QUEUED, "in the durable queue, not sent yet"),
                    new LinkProgress("inet", State.NOT_QUEUED, "not in this link's queue (an internet link)"))));
            return CompletableFuture.completedFuture(new Submission(tx.id(), List.of("radio")));
        };
    }

    @Test
    void printsTheIdOnceDurableThenWhereItStandsOnEachLink() {
        progressAfterSubmit();
        assertEquals(0, run(AdminSamples.LEGACY_TX_HEX, "--admin", server.uri().toString(), "--token-file", tokenFile.toString()));
        assertEquals(AdminSamples.LEGACY_TXID + n, out.toString(), "only the id on standard output, for scripts");
        assertEquals("radio: queued (in the durable queue, not sent yet)" + n
                + "inet: not-queued (not in this link's queue (an internet link))" + n, err.toString());
        assertEquals(List.of(AdminSamples.legacyTx(Network.BITCOIN_REGTEST)), backend.submitted);
    }

    @Test
    void progressThatCannotBeReadIsReportedButTheSubmissionStands() {
        // The fake backend knows no progress: GET /tx/<id> answers 404.
        assertEquals(0, run(AdminSamples.LEGACY_TX_HEX, "--admin", server.uri().toString(), "--token-file", tokenFile.toString()));
        assertEquals(AdminSamples.LEGACY_TXID + n, out.toString());
        assertEquals("(its progress could not be read: the admin API at " + server.uri() + " could not follow the transaction"
                + " (HTTP 404): unknown transaction " + AdminSamples.LEGACY_TXID + ": not in any link's queue, and not"
                + " submitted through this API since the station started)" + n, err.toString());
    }

    @Test
    void readsTheHexFromStandardInputAndPassesTheNetwork() {
        InputStream stdin = new ByteArrayInputStream((AdminSamples.LEGACY_TX_HEX + "\n").getBytes(StandardCharsets.US_ASCII));
        assertEquals(0, run(stdin, "-", "--admin", server.uri().toString(), "--token-file", tokenFile.toString(),
                "--network", "signet"));
        assertEquals(AdminSamples.LEGACY_TXID + n, out.toString());
        assertEquals(List.of(AdminSamples.legacyTx(Network.BITCOIN_SIGNET)), backend.submitted);
    }

    @Test
    void segwitPrintsTheTrackedIdAndNotesTheTxid() {
        progressAfterSubmit();
        assertEquals(0, run(AdminSamples.WITNESS_TX_HEX, "--admin", server.uri().toString(), "--token-file", tokenFile.toString()));
        assertEquals(AdminSamples.WITNESS_WTXID + n, out.toString());
        assertEquals("(segwit: that is its wtxid, which the station tracks it by; its txid is " + AdminSamples.WITNESS_TXID + ")" + n
                + "radio: queued (in the durable queue, not sent yet)" + n
                + "inet: not-queued (not in this link's queue (an internet link))" + n, err.toString());
    }

    @Test
    void daemonNotRunningIsAClearErrorAndExitOne() {
        String url = server.uri().toString();
        server.close();
        assertEquals(1, run(AdminSamples.LEGACY_TX_HEX, "--admin", url, "--token-file", tokenFile.toString()));
        assertEquals("", out.toString());
        assertEquals("cannot reach the admin API at " + url + ": connection refused. Is skywave running?" + n, err.toString());
    }

    @Test
    void withoutTokenFileTheRefusalSaysWhatToPass() {
        assertEquals(1, run(AdminSamples.LEGACY_TX_HEX, "--admin", server.uri().toString()));
        assertEquals("the admin API at " + server.uri() + " could not submit the transaction (HTTP 401): missing or wrong"
                + " token: send the header 'Authorization: Bearer <token>' with the token from the admin token file" + n
                + "pass --token-file FILE with the file named by token_file in the [admin] section" + n, err.toString());
        assertTrue(backend.submitted.isEmpty());
    }

    @Test
    void badHexIsReportedWithTheServersReason() {
        assertEquals(1, run("abc", "--admin", server.uri().toString(), "--token-file", tokenFile.toString()));
        assertEquals("the admin API at " + server.uri() + " could not submit the transaction (HTTP 400): the hex has an"
                + " odd number of digits (3)" + n, err.toString());
    }

    @Test
    void missingTokenFileIsNamed() {
        Path absent = dir.resolve("absent.token");
        assertEquals(1, run(AdminSamples.LEGACY_TX_HEX, "--admin", server.uri().toString(), "--token-file", absent.toString()));
        assertEquals("token file " + absent + " does not exist" + n, err.toString());
    }

    @Test
    void serverWithoutTokenFileRefusesWith403() throws IOException {
        try (AdminServer open = AdminServer.start("127.0.0.1", 0, (Path) null, backend)) {
            assertEquals(1, run(AdminSamples.LEGACY_TX_HEX, "--admin", open.uri().toString(), "--token-file", tokenFile.toString()));
            assertEquals("the admin API at " + open.uri() + " could not submit the transaction (HTTP 403): submitting is"
                    + " disabled: the admin API has no token file; set token_file in the [admin] section of the config"
                    + " and restart" + n, err.toString());
        }
    }

    @Test
    void aUrlThatIsNotHttpIsRefused() {
        assertEquals(1, run(AdminSamples.LEGACY_TX_HEX, "--admin", "ftp://127.0.0.1:21"));
        assertEquals("admin URL must look like http://127.0.0.1:8080, got ftp://127.0.0.1:21" + n, err.toString());
    }
}
