package org.skywave.bridge.node.jsonl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake3Digest;

/**
 * How Skywave names a JSON-lines transaction or block ({@code /work/shared/specs/bunkercoin-jsonl.md}):
 * by its own {@code hash} field when the value is an object with a top-level string {@code "hash"}
 * (an even number of hex digits is decoded to bytes, any other non-empty string is taken as its
 * UTF-8 bytes), otherwise by
 * BLAKE3-256 of the value's exact bytes.
 *
 * <p>BLAKE3 because it is the hash the design uses, so a node that hashes the same serialisation
 * names the value as we do; Bouncy Castle's implementation because it is the library we already
 * trust for Ed25519. The digest covers the bytes as carried, which is why values are never
 * re-serialised.
 */
public final class JsonLinesIds {

    /** Bytes of a BLAKE3 id: its default 256-bit output. */
    public static final int DIGEST_LENGTH = 32;
    /** The field a value may carry its own id in. */
    public static final String HASH_FIELD = "hash";

    private final JsonLinesCodec codec;

    /** Reads {@code hash} fields with the limits of {@code codec}. */
    public JsonLinesIds(JsonLinesCodec codec) {
        this.codec = codec;
    }

    /**
     * The id of {@code raw}, one JSON value as carried. A value that does not parse gets the
     * digest: ids are for matching, and a malformed value still has bytes.
     */
    public byte[] idOf(byte[] raw) {
        byte[] own = hashField(raw);
        return own != null ? own : blake3(raw);
    }

    /** The id in hex, for logs and map keys. */
    public String hexIdOf(byte[] raw) {
        return HexFormat.of().formatHex(idOf(raw));
    }

    /** BLAKE3-256 of {@code bytes}. */
    public static byte[] blake3(byte[] bytes) {
        Blake3Digest digest = new Blake3Digest(DIGEST_LENGTH * 8);
        digest.update(bytes, 0, bytes.length);
        byte[] out = new byte[DIGEST_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }

    private byte[] hashField(byte[] raw) {
        if (raw.length == 0 || raw[0] != '{') {
            return null;
        }
        try (JsonParser p = codec.parser(raw)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (HASH_FIELD.equals(name) && value == JsonToken.VALUE_STRING) {
                    return decodeHash(p.getText());
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Null for an empty hash, which names nothing: the digest is used instead. */
    private static byte[] decodeHash(String text) {
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() % 2 == 0 && text.chars().allMatch(c -> c < 0x80 && Character.digit(c, 16) >= 0)) {
            return HexFormat.of().parseHex(text);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
