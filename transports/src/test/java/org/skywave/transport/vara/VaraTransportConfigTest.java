package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;

class VaraTransportConfigTest {

    private static VaraTransportConfig config(String uri) throws LinkUriException {
        return VaraTransportConfig.fromUri(LinkUri.parse(uri));
    }

    @Test
    void hfDefaultsDataPortIsCommandPortPlusOne() throws Exception {
        VaraTransportConfig c = config("vara-hf://127.0.0.1:8300?callsign=k1abc&peers=K2XYZ,K3DEF-1");
        assertEquals(VaraTransportConfig.Kind.HF, c.kind());
        assertEquals(8301, c.dataPort());
        assertEquals("2300", c.bandwidth());
        assertTrue(c.p2p());
        assertEquals(new VaraAddress("K1ABC"), c.callsign());
        assertEquals(List.of(new VaraAddress("K2XYZ"), new VaraAddress("K3DEF-1")), c.peers());
        assertTrue(c.mayCallIn(new VaraAddress("K2XYZ")), "the peers may call in by default");
        assertFalse(c.mayCallIn(new VaraAddress("K9ZZZ")));
        assertEquals(Duration.ofSeconds(60), c.idle());
        assertEquals(5802, (int) c.initialProfile().bitrate());
        assertTrue(c.initialProfile().reliable());
    }

    @Test
    void fmWithDigipeatersScheduleAndAnyCaller() throws Exception {
        VaraTransportConfig c = config("vara-fm://127.0.0.1:8400?callsign=K1ABC-1&data-port=9000&via=DIG1,DIG2&allow=*&at=06:00,18:30&every=30");
        assertEquals(9000, c.dataPort());
        assertEquals(2, c.via().size());
        assertTrue(c.mayCallIn(new VaraAddress("K9ZZZ")) && c.listens());
        assertEquals(List.of(LocalTime.of(6, 0), LocalTime.of(18, 30)), c.at());
        assertEquals(Duration.ofMinutes(30), c.every());
        assertEquals("vara-fm-wide", c.initialProfile().name());
        assertFalse(config("vara-fm://h:1?callsign=K1ABC").listens(), "nobody allowed: LISTEN OFF");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "vara-hf://127.0.0.1:8300|needs callsign=YOURCALL",
            "vara-hf://127.0.0.1?callsign=K1ABC|needs a port",
            "vara-hf://127.0.0.1:8300?callsign=K1ABC&bw=1800|'bw' must be 500, 2300 or 2750 (got '1800')",
            "vara-fm://127.0.0.1:8300?callsign=K1ABC&bw=2300|VARA FM sets its bandwidth in its own setup",
            "vara-fm://127.0.0.1:8300?callsign=K1ABC&p2p=true|'p2p' is a VARA HF setting",
            "vara-hf://127.0.0.1:8300?callsign=K1ABC&via=DIG1|digipeaters ('via') are for VARA FM only",
            "vara-fm://127.0.0.1:8300?callsign=K1ABC&via=DIG1,DIG2,DIG3|at most 2 digipeaters",
            "vara-hf://127.0.0.1:8300?callsign=K1ABC&peers=TOOLONGCALL|parameter 'peers'",
            "vara-hf://127.0.0.1:8300?callsign=K1ABC&at=25:00|'25:00' is not a UTC time HH:MM",
            "vara-hf://127.0.0.1:8300?callsign=K1ABC&frob=1|unknown parameter 'frob'",
            "vara-hf://127.0.0.1:8300/x?callsign=K1ABC|has no path"})
    void badUrisAreRefusedNamingWhatIsWrong(String uri, String expected) {
        LinkUriException e = assertThrows(LinkUriException.class, () -> config(uri));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
