package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines of vara.md section 3, as real modems wrote them where a log exists. */
class VaraReplyTest {

    @Test
    void connectedLinesOfHfFmAndSat() throws Exception {
        VaraReply hf = VaraReply.parse("CONNECTED OE7DRT DA5UDI 2750");
        assertEquals(VaraReply.Kind.CONNECTED, hf.kind());
        assertEquals("OE7DRT", hf.source());
        assertEquals("DA5UDI", hf.destination());
        assertEquals("2750", hf.bandwidth());
        VaraReply fm = VaraReply.parse("CONNECTED K1ABC-1 K2XYZ-1 VIA DIGI1 DIGI2 NARROW");
        assertEquals("NARROW", fm.bandwidth());
        assertNull(VaraReply.parse("CONNECTED K1ABC K2XYZ").bandwidth(), "VARA SAT gives no bandwidth");
        assertNull(VaraReply.parse("CONNECTED K1ABC K2XYZ VIA DIGI1").bandwidth());
    }

    @Test
    void bitrateWithItsTwoSpacesBufferBusyAndPtt() throws Exception {
        assertEquals(175, VaraReply.parse("BITRATE (4)  175 bps TX").bitrate());
        assertEquals(9567, VaraReply.parse("BITRATE (9)  9567 bps RX").bitrate());
        assertEquals(62, VaraReply.parse("BUFFER 62").bufferBytes());
        assertTrue(VaraReply.parse("BUSY ON").on());
        assertEquals(VaraReply.Kind.PTT, VaraReply.parse("PTT OFF").kind());
    }

    @ParameterizedTest
    @CsvSource({"OK,OK", "WRONG,WRONG", "DISCONNECTED,DISCONNECTED", "PENDING,PENDING", "CANCELPENDING N0CALL,CANCELPENDING",
            "IAMALIVE,IAMALIVE", "MISSING SOUNDCARD,MISSING_SOUNDCARD", "REGISTERED N0CALL,REGISTERED",
            "LINK REGISTERED,LINK_REGISTERED", "LINK UNREGISTERED,LINK_REGISTERED", "ENCRYPTED LINK,ENCRYPTED_LINK",
            "UNENCRYPTED LINK,UNENCRYPTED_LINK", "ENCRYPTION READY,ENCRYPTION", "VERSION VARA HF v4.9.0,VERSION",
            "SN 4.4,SN", "CLEANTXBUFFER OK,CLEANTXBUFFER", "FAULT something,OTHER", "LINK LOST,OTHER", "ok,OTHER"})
    void everyListedLineHasItsKindAndAnythingElseIsOther(String line, VaraReply.Kind kind) throws Exception {
        assertEquals(kind, VaraReply.parse(line).kind());
    }

    @Test
    void impossibleFieldsAreRefusedNamingTheLine() {
        VaraProtocolException buffer = assertThrows(VaraProtocolException.class, () -> VaraReply.parse("BUFFER many"));
        assertTrue(buffer.getMessage().contains("'BUFFER many'"), buffer.getMessage());
        assertThrows(VaraProtocolException.class, () -> VaraReply.parse("BUFFER -1"));
        assertThrows(VaraProtocolException.class, () -> VaraReply.parse("CONNECTED K1ABC"), "Pat-Vara panics here; we refuse");
        assertThrows(VaraProtocolException.class, () -> VaraReply.parse("BUSY MAYBE"));
        assertThrows(VaraProtocolException.class, () -> VaraReply.parse("BITRATE (4) fast"));
        assertEquals(List.of(), VaraReplyTest.safe("FOO BAR").fields(), "unknown lines keep no fields");
    }

    private static VaraReply safe(String line) {
        try {
            return VaraReply.parse(line);
        } catch (VaraProtocolException e) {
            throw new AssertionError(e);
        }
    }
}
