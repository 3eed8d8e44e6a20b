package org.skywave.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.skywave.bridge.admin.AdminClient;
import org.skywave.bridge.admin.AdminClientException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skywave send-tx HEX}: hands a raw transaction to the running station through its admin API. */
@Command(name = "send-tx", mixinStandardHelpOptions = true,
        description = {"Submits a raw transaction to the running station for relay over its radio links.",
                "Prints the transaction id once it is durable in the links' queues (exit 0), then, on standard error,"
                        + " where it stands on each link at that moment; or the reason it was refused (exit 1)."})
final class SendTxCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    /**
     * Hex read from standard input: what the server takes. A transaction that large cannot be an
     * argument (Linux caps one argument at 128 KiB), hence {@code -}.
     */
    static final int MAX_STDIN_BYTES = AdminClient.MAX_TX_BODY_BYTES;

    @Parameters(index = "0", paramLabel = "HEX", description = "The raw transaction in hex, or - to read it from standard input.")
    private String hex;

    @Option(names = "--admin", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The station's admin API (default: ${DEFAULT-VALUE}).")
    private URI admin;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The file holding the admin token (token_file in the [admin] section of the config).")
    private Path tokenFile;

    @Option(names = "--network", paramLabel = "NAME",
            description = "mainnet, testnet, testnet4, signet or regtest (default: the station's).")
    private String network;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the station (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;

    SendTxCommand() {
        this(System.in);
    }

    /** Reading {@code -} from {@code stdin}. */
    SendTxCommand(InputStream stdin) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (timeoutSeconds < 1) {
                throw new IllegalArgumentException("--timeout must be at least 1 second, got " + timeoutSeconds);
            }
            String transaction = "-".equals(hex) ? readStdin() : hex;
            String token = tokenFile == null ? null : AdminClient.readToken(tokenFile);
            AdminClient client = new AdminClient(admin, Duration.ofSeconds(timeoutSeconds));
            AdminClient.Submitted submitted = client.submitTx(transaction, network, token);
            PrintWriter out = spec.commandLine().getOut();
            out.println(submitted.id());
            out.flush();
            if (!submitted.txid().equals(submitted.id())) {
                err.println("(segwit: that is its wtxid, which the station tracks it by; its txid is " + submitted.txid() + ")");
            }
            submitted.refused().forEach((link, reason) -> err.println(link + ": refused (" + reason + ")"));
            printProgress(client, submitted.id(), err);
            err.flush();
            return EXIT_OK;
        } catch (AdminClientException e) {
            err.println(e.getMessage());
            if (e.status() == 401 && tokenFile == null) {
                err.println("pass --token-file FILE with the file named by token_file in the [admin] section");
            }
        } catch (IllegalArgumentException | IOException e) {
            err.println(e.getMessage());
        }
        err.flush();
        return EXIT_FAILED;
    }

    /**
     * One line per link: {@code radio: queued (in the durable queue, not sent yet)}. The transaction
     * is durable whatever happens here, so a failure to read its progress is reported, not fatal.
     */
    private static void printProgress(AdminClient client, String id, PrintWriter err) {
        JsonNode progress;
        try {
            progress = client.progress(id);
        } catch (AdminClientException e) {
            err.println("(its progress could not be read: " + e.getMessage() + ")");
            return;
        }
        for (JsonNode link : progress.path("links")) {
            err.println(link.path("link").asText("?") + ": " + link.path("state").asText("?") + " ("
                    + link.path("detail").asText("") + ")");
        }
    }

    private String readStdin() throws IOException {
        byte[] bytes = stdin.readNBytes(MAX_STDIN_BYTES + 1);
        if (bytes.length > MAX_STDIN_BYTES) {
            throw new IOException("standard input holds more than " + MAX_STDIN_BYTES
                    + " bytes: larger than any transaction the station takes");
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
