package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkUriException;

/** {@code jsonl://host:port} URIs and their errors. */
class JsonLinesNodeConfigTest {

    private static String error(String uri) {
        return assertThrows(LinkUriException.class, () -> JsonLinesNodeConfig.fromUri(uri)).getMessage();
    }

    @Test
    void readsHostAndPort() throws Exception {
        JsonLinesNodeConfig c = JsonLinesNodeConfig.fromUri("jsonl://127.0.0.1:7100");
        assertEquals("127.0.0.1", c.host());
        assertEquals(7100, c.port());
        assertEquals(JsonLinesCodec.DEFAULT_MAX_LINE_BYTES, c.maxLineBytes());
        assertEquals("jsonl://127.0.0.1:7100", c.describe());
    }

    @Test
    void defaultsToTheDesignsPort7000() throws Exception {
        assertEquals(7000, JsonLinesNodeConfig.fromUri("jsonl://node.example").port());
        assertEquals(7000, JsonLinesNodeConfig.fromUri("jsonl://node.example/").port());
    }

    @Test
    void readsIpv6LiteralsAndTheLineLimit() throws Exception {
        JsonLinesNodeConfig c = JsonLinesNodeConfig.fromUri("jsonl://[::1]:7001?max-line-bytes=65536");
        assertEquals("::1", c.host());
        assertEquals(65536, c.maxLineBytes());
        assertEquals("jsonl://[::1]:7001", c.describe());
    }

    @Test
    void refusesOtherSchemes() {
        assertEquals("node URI 'tcp://127.0.0.1:7000' must use the jsonl:// scheme, as in jsonl://127.0.0.1:7000",
                error("tcp://127.0.0.1:7000"));
    }

    @Test
    void refusesMissingHostBadPortsAndPaths() {
        assertEquals("link URI 'jsonl:node' needs a host, as in jsonl://127.0.0.1:PORT", error("jsonl:node"));
        assertEquals("link URI 'jsonl://127.0.0.1:70000': port 70000 is outside 1..65535", error("jsonl://127.0.0.1:70000"));
        assertEquals("link URI 'jsonl://127.0.0.1:0': port 0 is outside 1..65535", error("jsonl://127.0.0.1:0"));
        assertEquals("link URI 'jsonl://127.0.0.1:x' has an invalid host:port '127.0.0.1:x'", error("jsonl://127.0.0.1:x"));
        assertEquals("node URI 'jsonl://127.0.0.1:7000/chain' has a path or name '/chain', but jsonl takes only host and port,"
                + " as in jsonl://127.0.0.1:7000", error("jsonl://127.0.0.1:7000/chain"));
        assertEquals("link URI 'no scheme' is not a valid URI: Illegal character in path", error("no scheme"));
    }

    @Test
    void refusesUnknownParametersAndLimitsOutOfRange() {
        assertEquals("link URI 'jsonl://127.0.0.1?network=main': unknown parameter 'network' for jsonl (known: max-line-bytes)",
                error("jsonl://127.0.0.1?network=main"));
        assertEquals("link URI 'jsonl://127.0.0.1?max-line-bytes=100': parameter 'max-line-bytes' must be in "
                        + JsonLinesCodec.MIN_MAX_LINE_BYTES + ".." + JsonLinesCodec.MAX_MAX_LINE_BYTES + " (got 100)",
                error("jsonl://127.0.0.1?max-line-bytes=100"));
        assertEquals("link URI 'jsonl://127.0.0.1?max-line-bytes=lots': parameter 'max-line-bytes' must be an integer (got 'lots')",
                error("jsonl://127.0.0.1?max-line-bytes=lots"));
    }

    @Test
    void recordChecksItsArguments() {
        JsonLinesNodeConfig c = JsonLinesNodeConfig.of("127.0.0.1", 7000);
        assertThrows(IllegalArgumentException.class, () -> c.withReconnectDelays(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> c.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> c.withMaxLineBytes(10));
        assertThrows(IllegalArgumentException.class, () -> JsonLinesNodeConfig.of("", 7000));
    }
}
