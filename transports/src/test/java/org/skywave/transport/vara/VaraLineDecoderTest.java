package org.skywave.transport.vara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Command-port lines: split on CR however TCP cuts the stream (vara.md section 1). */
class VaraLineDecoderTest {

    /** A VARA HF 4.9 start-up as Pat #515 logged it (vara.md section 4), with an empty line thrown in. */
    private static final byte[] STARTUP = "BUSY OFF\rBUSY ON\rOK\rOK\r\rOK\rOK\rOK\rVERSION VARA HF v4.9.0\r"
            .getBytes(StandardCharsets.US_ASCII);
    private static final List<String> LINES = List.of("BUSY OFF", "BUSY ON", "OK", "OK", "OK", "OK", "OK", "VERSION VARA HF v4.9.0");

    private final List<String> lines = new ArrayList<>();
    private final List<VaraProtocolException> errors = new ArrayList<>();

    private void feed(VaraLineDecoder decoder, byte[] bytes, int from, int to) {
        byte[] part = java.util.Arrays.copyOfRange(bytes, from, to);
        decoder.feed(part, part.length, lines::add, errors::add);
    }

    @Test
    void linesSplitAtEveryByteBoundaryDecodeTheSame() {
        for (int cut = 0; cut <= STARTUP.length; cut++) {
            lines.clear();
            VaraLineDecoder decoder = new VaraLineDecoder();
            feed(decoder, STARTUP, 0, cut);
            feed(decoder, STARTUP, cut, STARTUP.length);
            assertEquals(LINES, lines, "cut at " + cut);
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void oneByteAtATime() {
        VaraLineDecoder decoder = new VaraLineDecoder();
        for (int i = 0; i < STARTUP.length; i++) {
            feed(decoder, STARTUP, i, i + 1);
        }
        assertEquals(LINES, lines);
    }

    @Test
    void anOverlongLineIsSkippedToItsCrReportedWithLimitAndLengthAndTheNextLineDecodes() {
        VaraLineDecoder decoder = new VaraLineDecoder();
        byte[] junk = new byte[VaraLineDecoder.MAX_LINE_BYTES + 100];
        java.util.Arrays.fill(junk, (byte) 'X');
        feed(decoder, junk, 0, junk.length);
        byte[] rest = "\rIAMALIVE\r".getBytes(StandardCharsets.US_ASCII);
        feed(decoder, rest, 0, rest.length);
        assertEquals(List.of("IAMALIVE"), lines);
        assertEquals(1, errors.size());
        String message = errors.get(0).getMessage();
        assertTrue(message.contains(String.valueOf(junk.length)) && message.contains(String.valueOf(VaraLineDecoder.MAX_LINE_BYTES)), message);
    }

    @Test
    void lineFeedsAndSpacesAroundALineAreNotPartOfIt() {
        VaraLineDecoder decoder = new VaraLineDecoder();
        byte[] crlf = "OK\r\nBUFFER 5  \r".getBytes(StandardCharsets.US_ASCII);
        feed(decoder, crlf, 0, crlf.length);
        assertEquals(List.of("OK", "BUFFER 5"), lines);
    }
}
