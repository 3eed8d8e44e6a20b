package org.skywave.bridge.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line's side of the admin API ({@code skywave send-tx}, {@code skywave status}),
 * over {@link HttpClient}. Every failure becomes an {@link AdminClientException} whose message
 * says what went wrong and, where there is one, what to do.
 */
public final class AdminClient {

    /** Where {@code [admin] listen} puts the API unless configured otherwise. */
    public static final URI DEFAULT_URI = URI.create("http://127.0.0.1:8080");

    /** The largest request body the API reads: a transaction of its maximum size in hex, plus whitespace. */
    public static final int MAX_TX_BODY_BYTES = TxRequest.MAX_BODY_BYTES;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** Largest answer read: a status of many links is a few kB; this stops a stranger's server. */
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    public AdminClient(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (!"http".equalsIgnoreCase(base.getScheme()) || base.getHost() == null) {
            throw new IllegalArgumentException("admin URL must look like http://127.0.0.1:8080, got " + base);
        }
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * A transaction the station holds durably, with the links whose queues have it.
     *
     * @param id   what the station tracks it by: the txid, or the wtxid of a segwit transaction
     * @param txid the txid, as block explorers show it
     * @param refused link name to the reason it did not queue the transaction
     */
    public record Submitted(String id, String txid, List<String> links, Map<String, String> refused) {

        public Submitted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(txid, "txid");
            links = List.copyOf(links);
        }
    }

    /**
     * Reads a token file as the server does: its content without surrounding whitespace.
     *
     * @throws AdminClientException naming the file, if it is missing, unreadable or empty
     */
    public static String readToken(Path file) throws AdminClientException {
        try {
            if (Files.size(file) > AdminToken.MAX_FILE_BYTES) {
                throw new AdminClientException("token file " + file + " is over " + AdminToken.MAX_FILE_BYTES
                        + " bytes: not a token file", 0, null);
            }
            String token = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new AdminClientException("token file " + file + " is empty", 0, null);
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new AdminClientException("token file " + file + " does not exist", 0, e);
        } catch (IOException e) {
            throw new AdminClientException("cannot read token file " + file + ": " + e.getMessage(), 0, e);
        }
    }

    /**
     * Submits a raw transaction; returns once the station holds it durably.
     *
     * @param network a network name ({@link TxNetworks}), or null for the station's default
     * @param token   the bearer token, or null to send none
     */
    public Submitted submitTx(String hex, String network, String token) throws AdminClientException {
        Objects.requireNonNull(hex, "hex");
        URI uri = base.resolve("/tx" + (network == null ? "" : "?network=" + URLEncoder.encode(network, StandardCharsets.UTF_8)));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "text/plain; charset=us-ascii")
                .POST(HttpRequest.BodyPublishers.ofString(hex, StandardCharsets.US_ASCII));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        JsonNode answer = send(request.build(), 202, "submit the transaction");
        String id = answer.path("id").asText("");
        if (id.isEmpty()) {
            throw unexpected(uri, 202, "no id in the answer");
        }
        List<String> links = new ArrayList<>();
        answer.path("links").forEach(link -> links.add(link.asText()));
        Map<String, String> refused = new LinkedHashMap<>();
        answer.path("refused").properties().forEach(e -> refused.put(e.getKey(), e.getValue().asText()));
        return new Submitted(id, answer.path("txid").asText(id), links, refused);
    }

    /** {@code GET /status}: the station, its store and its links (see the server for the fields). */
    public JsonNode status() throws AdminClientException {
        return send(HttpRequest.newBuilder(base.resolve("/status")).timeout(timeout).GET().build(), 200,
                "read the status");
    }

    /** {@code GET /tx/ID}: where a transaction stands on each link. */
    public JsonNode progress(String id) throws AdminClientException {
        return send(HttpRequest.newBuilder(base.resolve("/tx/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .timeout(timeout).GET().build(), 200, "follow the transaction");
    }

    private JsonNode send(HttpRequest request, int expected, String what) throws AdminClientException {
        int status;
        byte[] body;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (HttpConnectTimeoutException e) {
            throw new AdminClientException("cannot reach the admin API at " + base + ": no connection within "
                    + timeout.toSeconds() + " s. Is skywave running?", 0, e);
        } catch (HttpTimeoutException e) {
            throw new AdminClientException("the admin API at " + base + " did not answer within "
                    + timeout.toSeconds() + " s (to " + what + ")", 0, e);
        } catch (ConnectException e) {
            throw new AdminClientException("cannot reach the admin API at " + base
                    + ": connection refused. Is skywave running?", 0, e);
        } catch (IOException e) {
            throw new AdminClientException("cannot reach the admin API at " + base + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminClientException("interrupted while waiting for the admin API at " + base, 0, e);
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw unexpected(request.uri(), status, "an answer over " + MAX_RESPONSE_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (IOException e) {
            throw unexpected(request.uri(), status, "an answer that is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw unexpected(request.uri(), status, "an answer that is not a JSON object");
        }
        if (status != expected) {
            String error = json.path("error").asText("");
            throw new AdminClientException("the admin API at " + base + " could not " + what + " (HTTP " + status + "): "
                    + (error.isEmpty() ? "no reason given" : error), status, null);
        }
        return json;
    }

    private AdminClientException unexpected(URI uri, int status, String what) {
        return new AdminClientException("unexpected answer from " + uri + " (HTTP " + status + ", " + what
                + "): is that a Skywave admin API?", status, null);
    }
}
