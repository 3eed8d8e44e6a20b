package org.skywave.bridge.node.jsonl;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts whole lines to and from {@link JsonLinesMessage}s, in serde's externally tagged form
 * ({@code /work/shared/specs/bunkercoin-jsonl.md}): {@code "GetChain"}, {@code {"NewBlock":<block>}}.
 *
 * <p>Values are never re-serialised: the decoder finds each value's byte span in the line with
 * Jackson's streaming parser (which still checks the whole line is well-formed JSON) and copies
 * those bytes, so key order, whitespace and escapes inside a transaction reach the other side as
 * they left the node. Lines are checked to be strict UTF-8 first, as the design requires.
 *
 * <p>Inputs are bounded: a line longer than the codec's maximum is refused before parsing, and the
 * parser's {@link StreamReadConstraints} bound nesting, string, name and document length.
 * Thread-safe and stateless apart from its limits.
 */
public final class JsonLinesCodec {

    /**
     * The design's block size limit: "10 KB" [Bunkercoin docs]. Whether that is 1000 or 1024 bytes,
     * or measured before or after JSON encoding, is not published, so we take the larger reading.
     */
    public static final int DESIGN_BLOCK_LIMIT_BYTES = 10 * 1024;
    /**
     * Default longest line: a hundred maximum blocks. A {@code NewBlock} line needs a little over
     * one block; the margin is for {@code Mempool} replies, which carry every pending transaction
     * in one line (the design bounds neither the mempool nor {@code Chain}). 1 MiB is 1/64 of
     * the 64 MiB heap target and is held at most twice (frame buffer and a copy).
     */
    public static final int DEFAULT_MAX_LINE_BYTES = 100 * DESIGN_BLOCK_LIMIT_BYTES;
    /** Smallest allowed maximum: one {@code NewBlock} line with a block at the design limit, plus its envelope. */
    public static final int MIN_MAX_LINE_BYTES = DESIGN_BLOCK_LIMIT_BYTES + 1024;
    /** Largest allowed maximum: a quarter of the 64 MiB heap target, since a line is held whole. */
    public static final int MAX_MAX_LINE_BYTES = 16 * 1024 * 1024;
    /**
     * Values in one {@code Chain} or {@code Mempool}: a tiny-value flood ({@code [1,1,1,...]}) would
     * otherwise cost ~50 bytes of heap per 2 bytes of line. 10,000 transactions of ~100 bytes fill
     * the default line.
     */
    public static final int MAX_VALUES_PER_MESSAGE = 10_000;
    /** Nesting depth inside a line: serde_json's own recursion limit is 128; blocks and transactions are shallow records. */
    public static final int MAX_NESTING_DEPTH = 64;

    /** {@code {"NewTransaction":} plus {@code }} and the newline: what a transaction's line adds to it. */
    static final int NEW_TRANSACTION_OVERHEAD = ("{\"" + JsonLinesVariant.NEW_TRANSACTION.wireName() + "\":}\n").length();

    private final int maxLineBytes;
    private final JsonFactory factory;

    /** A codec for lines of at most {@code maxLineBytes} bytes, newline excluded. */
    public JsonLinesCodec(int maxLineBytes) {
        if (maxLineBytes < MIN_MAX_LINE_BYTES || maxLineBytes > MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes outside " + MIN_MAX_LINE_BYTES + ".." + MAX_MAX_LINE_BYTES + ": " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(maxLineBytes)
                        .maxStringLength(maxLineBytes)
                        .maxNameLength(maxLineBytes)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build())
                // Keys come from the network: do not let them fill the JVM's intern pool. Field-name
                // canonicalising stays on: without it Jackson reads bytes through a Reader and
                // reports no byte offsets, which slicing needs (its table caps its own size).
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /** True if the line is empty or only JSON whitespace: such lines carry nothing and are skipped. */
    public static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Decodes one line, without its newline. */
    public JsonLinesMessage decode(byte[] line) throws JsonLinesProtocolException {
        if (line.length > maxLineBytes) {
            throw new JsonLinesProtocolException("line of " + line.length + " bytes exceeds the maximum of " + maxLineBytes);
        }
        checkUtf8(line, "line");
        try (JsonParser p = factory.createParser(line)) {
            JsonToken t = p.nextToken();
            JsonLinesMessage message;
            if (t == JsonToken.VALUE_STRING) {
                JsonLinesVariant v = JsonLinesVariant.fromWireName(p.getText());
                if (v.shape() != JsonLinesVariant.Shape.UNIT) {
                    throw new JsonLinesProtocolException("'" + v.wireName() + "' carries a value and must be written {\""
                            + v.wireName() + "\":...}, not as a bare string");
                }
                message = JsonLinesMessage.trusted(v, List.of());
            } else if (t == JsonToken.START_OBJECT) {
                message = decodeObject(p, line);
            } else {
                throw new JsonLinesProtocolException("expected a message name string or a one-key object, got " + describe(t));
            }
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new JsonLinesProtocolException("more than one JSON document on the line: " + describe(extra)
                        + " at offset " + p.currentTokenLocation().getByteOffset());
            }
            return message;
        } catch (JsonLinesProtocolException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new JsonLinesProtocolException("cannot read line: " + e.getMessage(), e);
        }
    }

    private JsonLinesMessage decodeObject(JsonParser p, byte[] line) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) {
            throw new JsonLinesProtocolException("empty object: a message object has exactly one key, the message name");
        }
        JsonLinesVariant v = JsonLinesVariant.fromWireName(p.currentName());
        JsonToken t = p.nextToken();
        List<byte[]> values;
        switch (v.shape()) {
            case UNIT -> {
                // serde_json also reads a unit variant written as {"GetChain":null}.
                if (t != JsonToken.VALUE_NULL) {
                    throw new JsonLinesProtocolException("'" + v.wireName() + "' carries nothing: its value must be null, got " + describe(t));
                }
                values = List.of();
            }
            case ONE -> values = List.of(slice(p, t, line));
            case LIST -> {
                if (t != JsonToken.START_ARRAY) {
                    throw new JsonLinesProtocolException("'" + v.wireName() + "' carries a list: expected [...], got " + describe(t));
                }
                values = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (values.size() == MAX_VALUES_PER_MESSAGE) {
                        throw new JsonLinesProtocolException("'" + v.wireName() + "' carries more than " + MAX_VALUES_PER_MESSAGE + " values");
                    }
                    values.add(slice(p, t, line));
                }
            }
            default -> throw new IllegalStateException("unknown shape " + v.shape());
        }
        t = p.nextToken();
        if (t != JsonToken.END_OBJECT) {
            throw new JsonLinesProtocolException("a message object has exactly one key, but '" + LinePreview.ofText(p.currentName())
                    + "' follows '" + v.wireName() + "'");
        }
        return JsonLinesMessage.trusted(v, values);
    }

    /** The bytes of the value whose first token {@code t} the parser is on, leaving the parser at its last token. */
    private static byte[] slice(JsonParser p, JsonToken t, byte[] line) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        if (t.isStructStart()) {
            p.skipChildren();
        } else {
            // Strings are read lazily; finishing the token moves the location past its closing quote.
            p.finishToken();
        }
        int end = (int) p.currentLocation().getByteOffset();
        if (start < 0 || end <= start || end > line.length) {
            throw new IllegalStateException("parser reported value span " + start + ".." + end + " in a " + line.length + "-byte line");
        }
        return Arrays.copyOfRange(line, start, end);
    }

    /**
     * Checks that {@code raw} is exactly one JSON value, fit to be carried in a
     * {@code NewTransaction} (or {@code NewBlock}) line: strict UTF-8, no whitespace around it, no
     * line break inside it (the peer would split the line there), and short enough for a line.
     */
    public void checkValue(byte[] raw) throws JsonLinesProtocolException {
        if (raw.length == 0) {
            throw new JsonLinesProtocolException("empty value: expected one JSON value");
        }
        int limit = maxLineBytes + 1 - NEW_TRANSACTION_OVERHEAD;
        if (raw.length > limit) {
            throw new JsonLinesProtocolException("value of " + raw.length + " bytes exceeds the " + limit
                    + " bytes that fit a line of at most " + maxLineBytes);
        }
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n' || raw[i] == '\r') {
                throw new JsonLinesProtocolException("value has a line break at offset " + i + "; the peer would split the line there");
            }
        }
        checkUtf8(raw, "value");
        try (JsonParser p = factory.createParser(raw)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new JsonLinesProtocolException("value is only whitespace: expected one JSON value");
            }
            long start = p.currentTokenLocation().getByteOffset();
            if (start != 0) {
                throw new JsonLinesProtocolException("value starts with " + start + " byte(s) of whitespace; send the value alone");
            }
            byte[] value = slice(p, t, raw);
            if (value.length != raw.length) {
                throw new JsonLinesProtocolException("value ends at offset " + value.length + " but " + (raw.length - value.length)
                        + " more byte(s) follow; send exactly one JSON value");
            }
        } catch (JsonLinesProtocolException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new JsonLinesProtocolException("cannot read value: " + e.getMessage(), e);
        }
    }

    /**
     * The line for {@code message}, newline included. Values are written as they are; callers
     * check foreign ones with {@link #checkValue} first.
     *
     * @throws IllegalArgumentException if the line would exceed the maximum
     */
    public byte[] encode(JsonLinesMessage message) {
        JsonLinesVariant v = message.variant();
        List<byte[]> values = message.valuesUnsafe();
        int size = v.wireName().length() + 8;
        for (byte[] value : values) {
            size += value.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        switch (v.shape()) {
            case UNIT -> ascii(out, "\"" + v.wireName() + "\"");
            case ONE -> {
                ascii(out, "{\"" + v.wireName() + "\":");
                out.writeBytes(values.get(0));
                ascii(out, "}");
            }
            case LIST -> {
                ascii(out, "{\"" + v.wireName() + "\":[");
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.writeBytes(values.get(i));
                }
                ascii(out, "]}");
            }
            default -> throw new IllegalStateException("unknown shape " + v.shape());
        }
        if (out.size() > maxLineBytes) {
            throw new IllegalArgumentException(message + " needs a line of " + out.size() + " bytes, over the maximum of " + maxLineBytes);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** A JSON parser with this codec's limits, for reading fields of values this codec has sliced. */
    JsonParser parser(byte[] json) throws IOException {
        return factory.createParser(json);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static JsonLinesProtocolException notJson(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getByteOffset() < 0 ? "" : " at offset " + at.getByteOffset();
        String text = e.getOriginalMessage();
        int newline = text.indexOf('\n');
        return new JsonLinesProtocolException("not JSON: " + (newline < 0 ? text : text.substring(0, newline)) + where, e);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "end of line";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }

    /** Refuses bytes that are not strict UTF-8 (no overlong forms, no surrogates), naming the offset. */
    static void checkUtf8(byte[] bytes, String what) throws JsonLinesProtocolException {
        int firstHigh = 0;
        while (firstHigh < bytes.length && bytes[firstHigh] >= 0) {
            firstHigh++;
        }
        if (firstHigh == bytes.length) {
            return;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(256);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new JsonLinesProtocolException(what + " is not UTF-8: " + result.length() + " malformed byte(s) at offset "
                        + in.position() + " (0x" + String.format("%02x", bytes[in.position()] & 0xff) + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }
}
