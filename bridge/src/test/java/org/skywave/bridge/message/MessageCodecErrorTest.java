package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each kind of bad input, with the error it must produce: what was wrong, at which key and offset. */
class MessageCodecErrorTest {

    private static final MessageCodec CODEC = MessageCodec.INSTANCE;

    private static MalformedMessageException decodeFails(byte[] input) {
        return assertThrows(MalformedMessageException.class, () -> CODEC.decode(input));
    }

    private static MalformedMessageException decodeFails(String hex) {
        return decodeFails(HexFormat.of().parseHex(hex.replace(" ", "")));
    }

    /** The part of the message before the "; input ..." preview. */
    private static String problem(MalformedMessageException e) {
        String message = e.getMessage();
        int preview = message.indexOf("; input ");
        return preview < 0 ? message : message.substring(0, preview);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        wrong type names the key       | a3 00 06 01 01 02 63 616263     | TX key 2 (raw transaction): expected byte string, got text string at offset 6
        missing required key           | a2 00 06 01 01                  | TX: missing required key 2 (raw transaction) at offset 0
        key 0 must come first          | a2 01 01 00 06                  | message: key 0 (kind) must be the first key, got key 1 at offset 1
        duplicate key                  | a3 00 06 01 01 01 01            | TX key 1 (network): duplicate key at offset 5
        trailing bytes                 | a2 00 02 01 01 00               | CBOR: PING key 1 (nonce): 1 trailing bytes after the message map at offset 5
        truncated byte string          | a3 00 06 01 01 02 45 0102       | CBOR: TX key 2 (raw transaction): byte string declares 5 bytes but only 2 remain at offset 6
        truncated head                 | a2 00 02 01 1b 0102             | CBOR: PING key 1 (nonce): truncated unsigned integer head: needs 9 bytes, 3 remain at offset 4
        map ends early                 | a3 00 06 01 01                  | CBOR: message: map declares 3 entries but only 4 bytes remain at offset 0
        indefinite length              | bf 00 06 ff                     | CBOR: message: indefinite-length map is not allowed at offset 0
        indefinite byte string         | a3 00 06 01 01 02 5f 41 00 ff   | CBOR: TX key 2 (raw transaction): indefinite-length byte string is not allowed at offset 6
        tags                           | a3 00 06 01 c1 01 02 41 00      | CBOR: TX key 1 (network): tags are not allowed (tag 1) at offset 4
        floats                         | a2 00 02 01 f9 3c00             | CBOR: PING key 1 (nonce): floats and simple values are not allowed (half-precision float) at offset 4
        booleans                       | a2 00 02 01 f5                  | CBOR: PING key 1 (nonce): floats and simple values are not allowed (true) at offset 4
        text keys                      | a2 00 02 61 31 01               | CBOR: PING: map key must be an unsigned integer, got text string at offset 3
        negative keys                  | a2 00 02 20 01                  | CBOR: PING: map key must be an unsigned integer, got negative integer at offset 3
        nesting too deep               | a3 00 02 01 01 18 63 81 81 81 00 | CBOR: PING key 99 (unknown) item 0: nesting deeper than 3 levels at offset 9
        not a map                      | 01                              | CBOR: message: expected a map, got unsigned integer at offset 0
        empty map                      | a0                              | message: missing required key 0 (kind) at offset 0
        kind as text                   | a1 00 61 36                     | message key 0 (kind): expected unsigned integer, got text string at offset 2
        kind too large                 | a1 00 1b 0000000100000000       | message key 0 (kind): value 4294967296 exceeds the maximum 2147483647 at offset 2
        unknown network                | a3 00 06 01 18 63 02 41 00      | TX key 1 (network): unknown network 99 at offset 4
        negative where unsigned        | a3 00 06 01 20 02 41 00         | TX key 1 (network): expected unsigned integer, got negative integer at offset 4
        integer out of range           | a2 00 02 01 1b ffffffffffffffff | PING key 1 (nonce): integer outside the signed 64-bit range at offset 4
        empty transaction              | a3 00 06 01 01 02 40            | TX key 2 (raw transaction): length 0 outside [1, 4000000] at offset 6
        hash of wrong length           | a2 00 0f 01 81 41 00            | ACK key 1 (ids) item 0: expected 32 bytes, got 1 at offset 5
        ACK id prefix too short        | a3 00 0f 01 80 02 81 43 000000  | ACK key 2 (id prefixes) item 0: length 3 outside [8, 31] at offset 7
        list where bytes expected      | a3 00 06 01 01 02 80            | TX key 2 (raw transaction): expected byte string, got array at offset 6
        tuple of wrong size            | a2 00 04 01 81 81 01            | INV key 1 (items) item 0: expected an array of 2 elements, got 1 at offset 5
        unknown inventory type         | a2 00 04 01 81 82 09 40         | INV key 1 (items) item 0: unknown inventory type 9 at offset 6
        unknown reject reason          | a3 00 10 01 18 63 04 60         | REJECT key 1 (reason): unknown reject reason 99 at offset 4
        invalid UTF-8                  | a3 00 10 01 01 04 61 ff         | REJECT key 4 (text): invalid UTF-8 at offset 6
        short ids not whole            | a6 00 0a 01 01 02 41 00 03 00 04 45 0102030405 05 80 | CMPCTBLOCK key 4 (short ids): length 5 is not a multiple of 6 at offset 11
        Bitcoin block without header   | a3 00 07 01 01 02 41 00         | BLOCK: rawBlock length must be in [80, 4000000], got 1 at offset 0
        """)
    void reportsWhatAndWhere(String description, String hex, String expected) {
        MalformedMessageException e = decodeFails(hex);
        assertEquals(expected, problem(e), description);
        assertEquals(RejectReason.MALFORMED, e.rejectReason());
        assertTrue(e.getMessage().contains("; input " + hex.replace(" ", "").length() / 2 + " bytes: "),
                "message ends with a bounded preview: " + e.getMessage());
    }

    @Test
    void emptyInputIsMalformed() {
        assertEquals("CBOR: empty input, expected a map", decodeFails(new byte[0]).getMessage());
    }

    @Test
    void unknownKindGivesTheTypedExceptionWithItsCode() {
        MalformedMessageException e = decodeFails("a2 00 18 63 01 01");
        UnknownKindException unknown = assertTypeIs(UnknownKindException.class, e);
        assertEquals(99, unknown.kindCode());
        assertEquals(2, unknown.offset());
        assertEquals(RejectReason.UNKNOWN_KIND, unknown.rejectReason());
        assertEquals("unknown message kind 99 (0x63) at offset 2", unknown.getMessage());
    }

    @Test
    void kindZeroIsUnknown() {
        assertEquals(0, assertTypeIs(UnknownKindException.class, decodeFails("a1 00 00")).kindCode());
    }

    @Test
    void inputOverTheLimitIsRefusedUnreadAsTooLarge() {
        MalformedMessageException e = decodeFails(new byte[MessageCodec.MAX_MESSAGE_BYTES + 1]);
        assertEquals(RejectReason.TOO_LARGE, e.rejectReason());
        assertEquals("message of 4194305 bytes exceeds the limit of 4194304 bytes", e.getMessage());
    }

    @Test
    void listOverItsLimitNamesLimitAndCount() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(HexFormat.of().parseHex("a2000f01" + "9903e9")); // ACK, key 1: array of 1001
        for (int i = 0; i < 1001; i++) {
            out.write(0x58);
            out.write(0x20);
            out.write(new byte[32]);
        }
        assertEquals("ACK key 1 (ids): list of 1001 items exceeds the limit of 1000 at offset 4",
                problem(decodeFails(out.toByteArray())));
    }

    @Test
    void nonAsciiCallsignNamesTheByte() {
        HelloMessage hello = new HelloMessage(1, new byte[32], "N0CALL", 1, 0, 1_700_000_000L, 5);
        byte[] encoded = CODEC.encode(hello);
        int at = indexOf(encoded, "N0CALL".getBytes(StandardCharsets.US_ASCII));
        encoded[at] = (byte) 0x80;
        assertEquals("HELLO key 3 (callsign): byte 0x80 at offset " + at + " is not printable ASCII at offset "
                + (at - 1), problem(decodeFails(encoded)));
    }

    @Nested
    @DisplayName("Unknown keys")
    class UnknownKeys {

        @Test
        void areSkippedWhateverTheirValue() throws Exception {
            String longText = "61".repeat(1000);
            String hex = "a6 00 06 01 01 02 41 aa"   // TX, BITCOIN_MAINNET, raw aa
                    + " 04 7903e8" + longText          // key 4: a 1000-byte text
                    + " 1863 82 a10102 80"              // key 99: [ {1: 2}, [] ]
                    + " 1bffffffffffffffff 00";         // key 2^64-1: 0
            Message decoded = CODEC.decode(HexFormat.of().parseHex(hex.replace(" ", "")));
            assertEquals(new TxMessage(Network.BITCOIN_MAINNET, new byte[] {(byte) 0xaa}), decoded);
        }

        @Test
        void mayComeBeforeKnownKeys() throws Exception {
            Message decoded = CODEC.decode(HexFormat.of().parseHex("a3 00 02 18 20 41 00 01 07".replace(" ", "")));
            assertEquals(new PingMessage(7), decoded);
        }
    }

    private static <T extends MalformedMessageException> T assertTypeIs(Class<T> type, MalformedMessageException e) {
        assertTrue(type.isInstance(e), "expected " + type.getSimpleName() + ", got " + e);
        return type.cast(e);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
