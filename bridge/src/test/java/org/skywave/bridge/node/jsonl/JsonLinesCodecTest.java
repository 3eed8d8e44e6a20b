package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lines in serde's externally tagged form, values sliced byte-exact, and every way a line can be wrong. */
class JsonLinesCodecTest {

    private static final long SEED = 0x5EEDL;
    private final JsonLinesCodec codec = new JsonLinesCodec(JsonLinesCodec.MIN_MAX_LINE_BYTES);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonLinesMessage decode(String line) throws JsonLinesProtocolException {
        return codec.decode(utf8(line));
    }

    private String failure(String line) {
        return assertThrows(JsonLinesProtocolException.class, () -> decode(line)).getMessage();
    }

    @Nested
    class Decoding {

        @Test
        void readsUnitVariantsAsBareStrings() throws Exception {
            assertEquals(JsonLinesMessage.getChain(), decode("\"GetChain\""));
            assertEquals(JsonLinesMessage.getMempool(), decode("  \"GetMempool\"\t"));
        }

        @Test
        void readsUnitVariantsWrittenWithNullAsSerdeJsonDoes() throws Exception {
            assertEquals(JsonLinesMessage.getMempool(), decode("{\"GetMempool\":null}"));
        }

        @Test
        void slicesATransactionByteExactWhateverItsWhitespaceKeyOrderAndUnicode() throws Exception {
            String tx = "{\"to\" :\t\"caf\u00e9 \\u00e9 \ud83d\ude00 \\\"q\\\"\",  \"amount\":1.50e2,\"from\":\"\u65e5\u672c\", \"sig\":[1 ,2]}";
            JsonLinesMessage m = decode("{ \"NewTransaction\" :\t" + tx + "  }");
            assertEquals(JsonLinesVariant.NEW_TRANSACTION, m.variant());
            assertArrayEquals(utf8(tx), m.value(0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-12", "3.25", "1e10", "-0.5E-3", "123456789012345678901234567890", "true", "false", "null",
                "\"\"", "\"a\\\"b\"", "\"\\\\\"", "[]", "{}", "[[],{}]", "\"\u00e9\""})
        void slicesScalarAndEmptyValuesExactlyInsideObjectsAndArrays(String value) throws Exception {
            assertArrayEquals(utf8(value), decode("{\"NewBlock\":" + value + "}").value(0));
            assertArrayEquals(utf8(value), decode("{\"NewBlock\":" + value + " }").value(0));
            JsonLinesMessage list = decode("{\"Mempool\":[" + value + " , " + value + "," + value + "]}");
            assertEquals(3, list.size());
            for (byte[] v : list.values()) {
                assertArrayEquals(utf8(value), v);
            }
        }

        @Test
        void readsChainAndMempoolListsIncludingEmptyOnes() throws Exception {
            assertEquals(0, decode("{\"Chain\":[]}").size());
            JsonLinesMessage chain = decode("{\"Chain\":[{\"index\":0},{\"index\":1}]}");
            assertEquals(JsonLinesVariant.CHAIN, chain.variant());
            assertArrayEquals(utf8("{\"index\":1}"), chain.value(1));
        }

        @Test
        void acceptsARandomValueInAnyLayoutAndReturnsItsExactBytes() throws Exception {
            Random random = new Random(SEED);
            for (int i = 0; i < 500; i++) {
                String value = RandomJson.value(random, 0);
                String line = RandomJson.ws(random) + "{" + RandomJson.ws(random) + "\"NewTransaction\"" + RandomJson.ws(random) + ":"
                        + RandomJson.ws(random) + value + RandomJson.ws(random) + "}" + RandomJson.ws(random);
                assertArrayEquals(utf8(value), decode(line).value(0), "seed " + SEED + " case " + i + ": " + line);
            }
        }
    }

    @Nested
    class Encoding {

        @Test
        void writesSerdesCompactFormWithANewline() {
            assertEquals("\"GetMempool\"\n", new String(codec.encode(JsonLinesMessage.getMempool()), StandardCharsets.UTF_8));
            assertEquals("\"GetChain\"\n", new String(codec.encode(JsonLinesMessage.getChain()), StandardCharsets.UTF_8));
            assertEquals("{\"NewTransaction\":{ \"b\":1, \"a\":2 }}\n",
                    new String(codec.encode(JsonLinesMessage.newTransaction(utf8("{ \"b\":1, \"a\":2 }"))), StandardCharsets.UTF_8));
            assertEquals("{\"Mempool\":[1,\"x\"]}\n",
                    new String(codec.encode(JsonLinesMessage.mempool(List.of(utf8("1"), utf8("\"x\"")))), StandardCharsets.UTF_8));
            assertEquals("{\"Chain\":[]}\n", new String(codec.encode(JsonLinesMessage.chain(List.of())), StandardCharsets.UTF_8));
        }

        @Test
        void roundTripsRandomMessages() throws Exception {
            Random random = new Random(SEED + 1);
            JsonLinesVariant[] variants = JsonLinesVariant.values();
            for (int i = 0; i < 300; i++) {
                JsonLinesVariant v = variants[random.nextInt(variants.length)];
                int n = switch (v.shape()) {
                    case UNIT -> 0;
                    case ONE -> 1;
                    case LIST -> random.nextInt(5);
                };
                List<byte[]> values = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    values.add(utf8(RandomJson.value(random, 0)));
                }
                JsonLinesMessage m = JsonLinesMessage.of(v, values);
                byte[] line = codec.encode(m);
                assertEquals('\n', line[line.length - 1]);
                assertEquals(m, codec.decode(java.util.Arrays.copyOf(line, line.length - 1)), "seed " + (SEED + 1) + " case " + i);
            }
        }

        @Test
        void refusesToWriteALineOverTheMaximum() {
            byte[] big = utf8("\"" + "x".repeat(JsonLinesCodec.MIN_MAX_LINE_BYTES) + "\"");
            String msg = assertThrows(IllegalArgumentException.class, () -> codec.encode(JsonLinesMessage.newBlock(big))).getMessage();
            assertTrue(msg.contains("over the maximum of " + JsonLinesCodec.MIN_MAX_LINE_BYTES), msg);
        }
    }

    @Nested
    class MalformedLines {

        @Test
        void notJsonNamesTheOffset() {
            String msg = failure("{\"NewTransaction\":{\"a\":}}");
            assertTrue(msg.startsWith("not JSON: ") && msg.contains("at offset 23"), msg);
        }

        @Test
        void unknownVariantNamesTheKnownOnes() {
            String msg = failure("{\"Ping\":1}");
            assertEquals("unknown message 'Ping' (known: GetChain, Chain, GetMempool, Mempool, NewBlock, NewTransaction)", msg);
            assertTrue(failure("\"Hello\"").startsWith("unknown message 'Hello'"));
            assertTrue(failure("\"getchain\"").startsWith("unknown message 'getchain'"), "names are case-sensitive, as in serde");
        }

        @Test
        void unknownVariantNameIsEscapedInTheMessage() {
            assertTrue(failure("\"evil\\nINFO forged\"").startsWith("unknown message 'evil\\x0aINFO forged'"));
        }

        @Test
        void newtypeVariantNeedsItsValue() {
            assertEquals("'Chain' carries a value and must be written {\"Chain\":...}, not as a bare string", failure("\"Chain\""));
        }

        @Test
        void unitVariantCarriesNothing() {
            assertEquals("'GetChain' carries nothing: its value must be null, got an array", failure("{\"GetChain\":[]}"));
        }

        @Test
        void listVariantNeedsAnArray() {
            assertEquals("'Mempool' carries a list: expected [...], got an object", failure("{\"Mempool\":{}}"));
        }

        @Test
        void messageObjectHasExactlyOneKey() {
            assertEquals("a message object has exactly one key, but 'NewBlock' follows 'NewTransaction'",
                    failure("{\"NewTransaction\":1,\"NewBlock\":2}"));
            assertEquals("empty object: a message object has exactly one key, the message name", failure("{}"));
        }

        @Test
        void otherTopLevelValuesAreRefused() {
            assertEquals("expected a message name string or a one-key object, got an array", failure("[\"GetChain\"]"));
            assertEquals("expected a message name string or a one-key object, got a number", failure("42"));
        }

        @Test
        void secondDocumentOnTheLineIsRefused() {
            assertEquals("more than one JSON document on the line: a string at offset 11", failure("\"GetChain\" \"GetMempool\""));
            assertTrue(failure("\"GetChain\" x").startsWith("not JSON: "));
        }

        @Test
        void invalidUtf8NamesTheOffset() {
            byte[] line = utf8("{\"NewTransaction\":\"ab\"}");
            line[19] = (byte) 0xc3;
            line[20] = (byte) 0x28;
            String msg = assertThrows(JsonLinesProtocolException.class, () -> codec.decode(line)).getMessage();
            assertEquals("line is not UTF-8: 1 malformed byte(s) at offset 19 (0xc3)", msg);
        }

        @Test
        void overlongUtf8AndSurrogatesAreRefused() {
            byte[] overlong = {'"', (byte) 0xc0, (byte) 0xaf, '"'};
            assertThrows(JsonLinesProtocolException.class, () -> codec.decode(overlong));
            byte[] surrogate = {'"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"'};
            assertThrows(JsonLinesProtocolException.class, () -> codec.decode(surrogate));
        }

        @Test
        void tooLongLineIsRefusedBeforeParsing() {
            byte[] line = new byte[JsonLinesCodec.MIN_MAX_LINE_BYTES + 1];
            java.util.Arrays.fill(line, (byte) ' ');
            String msg = assertThrows(JsonLinesProtocolException.class, () -> codec.decode(line)).getMessage();
            assertEquals("line of " + (JsonLinesCodec.MIN_MAX_LINE_BYTES + 1) + " bytes exceeds the maximum of "
                    + JsonLinesCodec.MIN_MAX_LINE_BYTES, msg);
        }

        @Test
        void deepNestingIsRefused() {
            String deep = "[".repeat(JsonLinesCodec.MAX_NESTING_DEPTH + 1) + "]".repeat(JsonLinesCodec.MAX_NESTING_DEPTH + 1);
            String msg = failure("{\"NewBlock\":" + deep + "}");
            assertTrue(msg.startsWith("not JSON: ") && msg.contains("depth"), msg);
        }

        @Test
        void tooManyValuesAreRefused() {
            StringBuilder line = new StringBuilder("{\"Mempool\":[");
            for (int i = 0; i <= JsonLinesCodec.MAX_VALUES_PER_MESSAGE; i++) {
                line.append(i == 0 ? "0" : ",0");
            }
            line.append("]}");
            JsonLinesCodec roomy = new JsonLinesCodec(JsonLinesCodec.DEFAULT_MAX_LINE_BYTES);
            String msg = assertThrows(JsonLinesProtocolException.class, () -> roomy.decode(utf8(line.toString()))).getMessage();
            assertEquals("'Mempool' carries more than " + JsonLinesCodec.MAX_VALUES_PER_MESSAGE + " values", msg);
        }

        @Test
        void mutatedLinesFailOnlyWithTheProtocolException() {
            Random random = new Random(SEED + 2);
            int decoded = 0;
            int refused = 0;
            for (int i = 0; i < 3000; i++) {
                byte[] line = utf8("{\"Mempool\":[" + RandomJson.value(random, 0) + "," + RandomJson.value(random, 0) + "]}");
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) {
                    line[random.nextInt(line.length)] = (byte) random.nextInt(256);
                }
                try {
                    codec.decode(line);
                    decoded++;
                } catch (JsonLinesProtocolException e) {
                    refused++;
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + (SEED + 2) + " case " + i + ": " + e, e);
                }
            }
            assertEquals(3000, decoded + refused);
            assertTrue(refused > 0 && decoded > 0, "mutations hit both outcomes: " + decoded + " decoded, " + refused + " refused");
        }
    }

    @Nested
    class CheckingValues {

        @Test
        void acceptsExactlyOneValue() throws Exception {
            codec.checkValue(utf8("{\"a\" : [1, \"\u00e9\"]}"));
            codec.checkValue(utf8("7"));
            codec.checkValue(utf8("\"s\""));
        }

        @Test
        void refusesWhitespaceAroundTheValue() {
            assertEquals("value starts with 1 byte(s) of whitespace; send the value alone",
                    assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(utf8(" {}"))).getMessage());
            assertEquals("value ends at offset 2 but 1 more byte(s) follow; send exactly one JSON value",
                    assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(utf8("{} "))).getMessage());
        }

        @Test
        void refusesTwoValuesLineBreaksAndNonJson() {
            assertTrue(assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(utf8("{}{}"))).getMessage()
                    .startsWith("value ends at offset 2"));
            assertEquals("value has a line break at offset 5; the peer would split the line there",
                    assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(utf8("{\"a\":\n1}"))).getMessage());
            assertTrue(assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(utf8("{a}"))).getMessage()
                    .startsWith("not JSON: "));
            assertEquals("empty value: expected one JSON value",
                    assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(new byte[0])).getMessage());
        }

        @Test
        void refusesAValueThatCannotFitALine() {
            int limit = JsonLinesCodec.MIN_MAX_LINE_BYTES + 1 - JsonLinesCodec.NEW_TRANSACTION_OVERHEAD;
            byte[] fits = utf8("\"" + "x".repeat(limit - 2) + "\"");
            assertDoesNotThrowProtocol(fits);
            assertEquals(JsonLinesCodec.MIN_MAX_LINE_BYTES + 1, codec.encode(JsonLinesMessage.newTransaction(fits)).length);
            byte[] tooBig = utf8("\"" + "x".repeat(limit - 1) + "\"");
            assertEquals("value of " + (limit + 1) + " bytes exceeds the " + limit + " bytes that fit a line of at most "
                            + JsonLinesCodec.MIN_MAX_LINE_BYTES,
                    assertThrows(JsonLinesProtocolException.class, () -> codec.checkValue(tooBig)).getMessage());
        }

        private void assertDoesNotThrowProtocol(byte[] value) {
            try {
                codec.checkValue(value);
            } catch (JsonLinesProtocolException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void refusesLimitsOutsideTheAllowedRange() {
        assertThrows(IllegalArgumentException.class, () -> new JsonLinesCodec(JsonLinesCodec.MIN_MAX_LINE_BYTES - 1));
        assertThrows(IllegalArgumentException.class, () -> new JsonLinesCodec(JsonLinesCodec.MAX_MAX_LINE_BYTES + 1));
    }
}
