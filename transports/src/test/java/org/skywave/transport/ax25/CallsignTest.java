package org.skywave.transport.ax25;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CallsignTest {

    @Test
    void peerKeyIsTheCallsignWithoutItsSsid() {
        assertEquals("K1ABC", Callsign.parse("K1ABC-7").peerKey());
        assertEquals(Callsign.parse("K1ABC").peerKey(), Callsign.parse("K1ABC-15").peerKey());
    }

    @Test
    void parsesCallsignWithAndWithoutSsid() {
        assertEquals(new Callsign("K1ABC", 7), Callsign.parse("K1ABC-7"));
        assertEquals(new Callsign("K1ABC", 0), Callsign.parse("K1ABC"));
        assertEquals("K1ABC", Callsign.parse("K1ABC-0").toString());
        assertEquals("N0CALL-15", Callsign.parse("N0CALL-15").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "k1abc-7|only A-Z and 0-9 are allowed (callsigns are upper case: K1ABC)",
        "K1ABCDE|is 7 characters long (at most 6 before the SSID)",
        "K1ABC-16|SSID must be in 0..15 (got 16)",
        "K1ABC-|SSID '' is not a number",
        "K1ABC-x|SSID 'x' is not a number",
        "-3|is empty",
        "K1/ABC|has '/' at position 2",
    })
    void refusesInvalidCallsignsSayingWhy(String text, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Callsign.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void encodesAddressByteExact() throws Exception {
        Ax25Address a = new Ax25Address(Callsign.parse("WIDE1-1"), false, true);
        assertArrayEquals(HexFormat.of().parseHex("AE92888A624063"), a.encode());
        assertEquals(a, Ax25Address.decode(a.encode(), 0));
        Ax25Address c = new Ax25Address(Callsign.parse("N0CALL-2"), true, false);
        assertArrayEquals(HexFormat.of().parseHex("9c6086829898e4"), c.encode());
        assertEquals(c, Ax25Address.decode(c.encode(), 0));
    }
}
