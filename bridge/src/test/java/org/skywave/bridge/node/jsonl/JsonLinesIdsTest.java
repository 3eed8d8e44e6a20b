package org.skywave.bridge.node.jsonl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Ids: a top-level {@code hash} field if there is one, else BLAKE3-256 of the exact bytes. */
class JsonLinesIdsTest {

    private final JsonLinesIds ids = new JsonLinesIds(new JsonLinesCodec(JsonLinesCodec.DEFAULT_MAX_LINE_BYTES));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void blake3MatchesTheReferenceVectorForEmptyInput() {
        // BLAKE3 reference test vectors (test_vectors.json, input_len 0, "hash").
        assertEquals("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
                HexFormat.of().formatHex(JsonLinesIds.blake3(new byte[0])));
    }

    @Test
    void valueWithoutHashFieldIsNamedByTheDigestOfItsExactBytes() {
        byte[] a = utf8("{\"from\":\"x\",\"amount\":5}");
        byte[] b = utf8("{\"amount\":5,\"from\":\"x\"}");
        assertArrayEquals(JsonLinesIds.blake3(a), ids.idOf(a));
        assertEquals(32, ids.idOf(b).length);
        assertEquals(false, java.util.Arrays.equals(ids.idOf(a), ids.idOf(b)), "key order is part of the bytes, so of the id");
    }

    @Test
    void hexHashFieldIsDecoded() {
        String hex = "00ff" + "ab".repeat(30);
        assertEquals(hex, ids.hexIdOf(utf8("{\"amount\":5, \"hash\" : \"" + hex.toUpperCase() + "\"}")));
    }

    @Test
    void otherHashStringsAreTakenAsTheirUtf8Bytes() {
        assertArrayEquals(utf8("tx-\u00e9"), ids.idOf(utf8("{\"hash\":\"tx-\u00e9\"}")));
        assertArrayEquals(utf8("abc"), ids.idOf(utf8("{\"hash\":\"abc\"}")), "odd length is not hex");
    }

    @Test
    void nestedNonStringOrEmptyHashFieldsAreIgnored() {
        byte[] nested = utf8("{\"inner\":{\"hash\":\"aa\"},\"x\":1}");
        assertArrayEquals(JsonLinesIds.blake3(nested), ids.idOf(nested));
        byte[] number = utf8("{\"hash\":12}");
        assertArrayEquals(JsonLinesIds.blake3(number), ids.idOf(number));
        byte[] empty = utf8("{\"hash\":\"\"}");
        assertArrayEquals(JsonLinesIds.blake3(empty), ids.idOf(empty));
    }

    @Test
    void hashAfterOtherFieldsAndNonObjectValuesWork() {
        assertEquals("beef", ids.hexIdOf(utf8("{\"a\":[1,{\"hash\":\"00\"}],\"hash\":\"beef\"}")));
        byte[] array = utf8("[\"hash\"]");
        assertArrayEquals(JsonLinesIds.blake3(array), ids.idOf(array));
        byte[] broken = utf8("{\"hash\":");
        assertArrayEquals(JsonLinesIds.blake3(broken), ids.idOf(broken));
    }
}
