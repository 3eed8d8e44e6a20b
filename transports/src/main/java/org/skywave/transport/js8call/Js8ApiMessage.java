package org.skywave.transport.js8call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;

/**
 * One JSON object of JS8Call's API (js8call.md section 3): {@code type}, {@code value} and
 * {@code params}, one compact object a line.
 *
 * @param type   e.g. {@code RX.DIRECTED}
 * @param value  the value string; empty if absent or not a string (JS8Call ignores those too)
 * @param params the params object; empty if absent
 */
public record Js8ApiMessage(String type, String value, ObjectNode params) {

    /** Longest line read: RX.TEXT replies carry at most 1024 characters; JSON escapes and params add some. */
    public static final int MAX_LINE_CHARS = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8).maxStringLength(MAX_LINE_CHARS).maxDocumentLength(MAX_LINE_CHARS).build())
            .build());

    public Js8ApiMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(params, "params");
    }

    /** A request with {@code params} (numbers and strings) and the request id {@code id} (positive, below 2^31). */
    public static Js8ApiMessage request(String type, String value, long id, Map<String, Object> params) {
        ObjectNode p = JSON.createObjectNode();
        params.forEach((k, v) -> p.set(k, JSON.valueToTree(v)));
        p.put("_ID", id);
        return new Js8ApiMessage(type, value, p);
    }

    /** A message without params, e.g. an event built by an emulator. */
    public static Js8ApiMessage of(String type, String value) {
        return new Js8ApiMessage(type, value, JSON.createObjectNode());
    }

    /** New empty params object, for building events. */
    public static ObjectNode newParams() {
        return JSON.createObjectNode();
    }

    /**
     * Parses one line.
     *
     * @throws Js8FormatException if it is not one JSON object with a string {@code type}
     */
    public static Js8ApiMessage parse(String line) throws Js8FormatException {
        if (line.length() > MAX_LINE_CHARS) {
            throw new Js8FormatException("JS8Call API line of " + line.length() + " characters exceeds " + MAX_LINE_CHARS);
        }
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Js8FormatException("JS8Call API line is not JSON: " + e.getOriginalMessage() + ": "
                    + Js8ChunkCodec.preview(line));
        }
        if (node == null || !node.isObject()) {
            throw new Js8FormatException("JS8Call API line is not a JSON object: " + Js8ChunkCodec.preview(line));
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new Js8FormatException("JS8Call API object has no string 'type': " + Js8ChunkCodec.preview(line));
        }
        JsonNode value = node.get("value");
        JsonNode params = node.get("params");
        return new Js8ApiMessage(type.asText(), value != null && value.isTextual() ? value.asText() : "",
                params != null && params.isObject() ? (ObjectNode) params : JSON.createObjectNode());
    }

    /** The compact JSON line, without its newline. */
    public String toLine() {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        node.put("value", value);
        node.set("params", params);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A string param, or "" if absent or not text. */
    public String param(String name) {
        JsonNode n = params.get(name);
        return n == null || n.isNull() ? "" : n.isValueNode() ? n.asText() : "";
    }

    /** A numeric param (JSON number or numeric string), or {@code absent}. */
    public long longParam(String name, long absent) {
        JsonNode n = params.get(name);
        if (n == null) {
            return absent;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        if (n.isTextual()) {
            try {
                return Long.parseLong(n.asText().strip());
            } catch (NumberFormatException e) {
                return absent;
            }
        }
        if (n.isBoolean()) {
            return n.asBoolean() ? 1 : 0;
        }
        return absent;
    }

    /** The request id JS8Call echoes ({@code _ID}, number or string), or 0. */
    public long id() {
        return longParam("_ID", 0);
    }

    @Override
    public String toString() {
        return toLine();
    }
}
