package org.skywave.transport.kiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.ax25.Callsign;

class KissTransportConfigTest {

    @Test
    void readsEveryParameter() throws Exception {
        LinkUri uri = LinkUri.parse("kiss-tcp://127.0.0.1:8001?callsign=K1ABC-7&dest=SKY&path=WIDE1-1,WIDE2-1&port=2"
                + "&txdelay=30&persist=255&slottime=0&txtail=5&fullduplex=false&bitrate=9600&paclen=200&probe=false");
        KissTransportConfig c = KissTransportConfig.fromUri(uri, KissTransportConfig.Carrier.TCP);
        assertEquals(Callsign.parse("K1ABC-7"), c.callsign());
        assertEquals(Callsign.parse("SKY"), c.destination());
        assertEquals(List.of(Callsign.parse("WIDE1-1"), Callsign.parse("WIDE2-1")), c.path());
        assertEquals(2, c.kissPort());
        assertEquals(Map.of(KissCommand.TXDELAY, 30, KissCommand.P, 255, KissCommand.SLOTTIME, 0,
                KissCommand.TXTAIL, 5, KissCommand.FULLDUPLEX, 0), c.parameters());
        assertEquals(9600, c.bitrate());
        assertEquals(200, c.profile().mtu());
        assertEquals("ax25-9600", c.profile().name());
        // 19 frame bytes + 2 digipeaters x 7 a frame; 300 + 50 ms key-up a transmission, 420 bytes at 9600 bit/s
        assertEquals(19 + 14, c.profile().frameOverhead());
        assertEquals(Duration.ofMillis(350), c.profile().keyUp());
        assertEquals(420, c.profile().keyUpBytes());
        assertFalse(c.probe());
    }

    @Test
    void defaultsMatchTheNamedProfile() throws Exception {
        KissTransportConfig c = KissTransportConfig.fromUri(LinkUri.parse("kiss-tcp://h:8001?callsign=N0CALL"),
                KissTransportConfig.Carrier.TCP);
        assertEquals(Callsign.parse(KissTransportConfig.DEFAULT_DESTINATION), c.destination());
        assertEquals(LinkProfiles.AX25_1200, c.profile());
        assertTrue(c.parameters().isEmpty());
        assertTrue(c.probe());
        assertEquals(128, KissTransportConfig.fromUri(LinkUri.parse("kiss-tcp://h:8001?callsign=N0CALL&bitrate=300"),
                KissTransportConfig.Carrier.TCP).paclen());
    }

    @Test
    void aPaclenAboveAx25sN1FitsATransactionInOneFrame() throws Exception {
        KissTransportConfig c = KissTransportConfig.fromUri(LinkUri.parse("kiss-tcp://h:8001?callsign=N0CALL&paclen=1024"),
                KissTransportConfig.Carrier.TCP);
        assertEquals(1024, c.profile().mtu());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "kiss-tcp://h:8001|needs callsign=YOURCALL-SSID",
        "kiss-tcp://h:8001?callsign=k1abc|parameter 'callsign': callsign 'k1abc' has 'k' at position 0",
        "kiss-tcp://h:8001?callsign=K1ABC&baud=9600|unknown parameter 'baud' for kiss-tcp",
        "kiss-tcp://h:8001?callsign=K1ABC&colour=red|unknown parameter 'colour'",
        "kiss-tcp://h:8001?callsign=K1ABC&bitrate=2400|'bitrate' must be 300, 1200 or 9600 (got 2400)",
        "kiss-tcp://h:8001?callsign=K1ABC&paclen=1025|'paclen' must be in 1..1024 (got 1025)",
        "kiss-tcp://h:8001?callsign=K1ABC&port=16|'port' must be in 0..15 (got 16)",
        "kiss-tcp://h:8001?callsign=K1ABC&txdelay=300|'txdelay' must be in 0..255 (got 300)",
        "kiss-tcp://h:8001?callsign=K1ABC&fullduplex=maybe|'fullduplex' must be true or false (got 'maybe')",
        "kiss-tcp://h:8001?callsign=K1ABC&dest=SPEECH|'dest' must not be SPEECH",
        "kiss-tcp://h:8001?callsign=K1ABC&path=A,B,C,D,E,F,G,H,I|'path' has 9 digipeaters (at most 8)",
        "kiss-tcp://h:8001?callsign=K1ABC&path=WIDE1-1,|parameter 'path': callsign '' is empty",
    })
    void refusesBadParametersClearly(String text, String expected) throws Exception {
        LinkUri uri = LinkUri.parse(text);
        LinkUriException e = assertThrows(LinkUriException.class, () -> new KissTcpTransport().validate(uri));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void serialNeedsAPathAndTakesBaud() throws Exception {
        KissSerialTransport t = new KissSerialTransport();
        t.validate(LinkUri.parse("kiss-serial:///dev/serial/by-id/usb-TNC?callsign=K1ABC&baud=57600"));
        LinkUriException e = assertThrows(LinkUriException.class,
                () -> t.validate(LinkUri.parse("kiss-serial://host/dev/ttyUSB0?callsign=K1ABC")));
        assertTrue(e.getMessage().contains("three slashes"), e.getMessage());
        e = assertThrows(LinkUriException.class, () -> new KissTcpTransport().validate(LinkUri.parse("kiss-tcp://h?callsign=K1ABC")));
        assertTrue(e.getMessage().contains("needs a port"), e.getMessage());
        assertTrue(t.isRadio());
        assertTrue(new KissTcpTransport().isRadio());
    }
}
