package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

/** Link URI checking for {@code tcp} and {@code tcp-listen}: every error names URI, parameter and problem. */
class TcpTransportConfigTest {

    private final TcpTransport transport = new TcpTransport();

    private TcpTransportConfig config(String uri) throws LinkUriException {
        transport.validate(LinkUri.parse(uri));
        return TcpTransportConfig.from(LinkUri.parse(uri));
    }

    private String error(String uri) {
        LinkUriException e = assertThrows(LinkUriException.class, () -> transport.validate(LinkUri.parse(uri)));
        assertTrue(e.getMessage().contains(uri), "message names the URI: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaults() throws Exception {
        TcpTransportConfig c = config("tcp://127.0.0.1:8001");
        assertFalse(c.listen());
        assertEquals("127.0.0.1", c.host());
        assertEquals(8001, c.port());
        assertEquals(65_536, c.maxFrame());
        assertEquals(Duration.ofSeconds(30), c.keepalive());
        assertEquals(Duration.ofSeconds(90), c.silenceLimit());
        assertEquals(Duration.ofMillis(500), c.reconnectMin());
        assertEquals(Duration.ofMillis(30_000), c.reconnectMax());
    }

    @Test
    void readsEveryParameter() throws Exception {
        TcpTransportConfig c = config("tcp://[::1]:9000?maxframe=4096&keepalive=0&reconnect-min=100&reconnect-max=2000");
        assertEquals("::1", c.host());
        assertEquals(4096, c.maxFrame());
        assertFalse(c.keepaliveEnabled());
        assertEquals(Duration.ofMillis(100), c.reconnectMin());
        assertEquals(Duration.ofMillis(2000), c.reconnectMax());
    }

    @Test
    void listenerMayAskForAnyFreePort() throws Exception {
        TcpTransportConfig c = config("tcp-listen://0.0.0.0:0?maxframe=16");
        assertTrue(c.listen());
        assertEquals(0, c.port());
        assertEquals(16, c.maxFrame());
    }

    @Test
    void clientNeedsARealPort() {
        assertTrue(error("tcp://127.0.0.1:0").contains("outside 1..65535"));
        assertTrue(error("tcp://127.0.0.1").contains("needs a port"));
        assertTrue(error("tcp-listen://127.0.0.1").contains("0 picks a free one"));
    }

    @Test
    void needsAHost() {
        assertTrue(error("tcp:somewhere").contains("needs a host"));
    }

    @Test
    void unknownParameterIsRefusedNamingTheKnownOnes() {
        String message = error("tcp://127.0.0.1:8001?maxframes=100");
        assertTrue(message.contains("unknown parameter 'maxframes'") && message.contains("maxframe, reconnect-max, reconnect-min"), message);
    }

    @Test
    void reconnectParametersAreForClientsOnly() {
        String message = error("tcp-listen://127.0.0.1:8001?reconnect-min=100");
        assertTrue(message.contains("unknown parameter 'reconnect-min'"), message);
    }

    @Test
    void maxframeOutOfRangeNamesLimitsAndValue() {
        assertTrue(error("tcp://127.0.0.1:8001?maxframe=15").contains("'maxframe' must be in 16..16777216 (got 15)"));
        assertTrue(error("tcp://127.0.0.1:8001?maxframe=16777217").contains("(got 16777217)"));
        assertTrue(error("tcp://127.0.0.1:8001?maxframe=big").contains("'maxframe' must be an integer (got 'big')"));
    }

    @Test
    void keepaliveMustNotBeNegative() {
        assertTrue(error("tcp://127.0.0.1:8001?keepalive=-1").contains("'keepalive' must be in 0..86400 (got -1)"));
    }

    @Test
    void reconnectMinimumMustNotExceedMaximum() {
        String message = error("tcp://127.0.0.1:8001?reconnect-min=5000&reconnect-max=1000");
        assertTrue(message.contains("reconnect-min") && message.contains("5000") && message.contains("1000"), message);
    }

    @Test
    void aLargeMinimumAloneRaisesTheDefaultMaximum() throws Exception {
        assertEquals(Duration.ofMillis(60_000), config("tcp://127.0.0.1:8001?reconnect-min=60000").reconnectMax());
    }

    @Test
    void otherSchemesAreNotTcp() {
        assertTrue(error("sim:ax25-1200").contains("is not tcp or tcp-listen"));
    }

    @Test
    void servesBothSchemesAndIsNotRadio() {
        assertEquals(java.util.Set.of("tcp", "tcp-listen"), transport.schemes());
        assertFalse(transport.isRadio());
    }
}
