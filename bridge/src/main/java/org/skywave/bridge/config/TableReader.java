package org.skywave.bridge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keys of one TOML table, checking each value's type and range, and reports what is
 * wrong to a {@link ProblemList}. A bad or missing value yields the default (or null), so reading
 * goes on and every problem of the file is found in one pass. {@link #finish()} then reports the
 * keys nobody asked for, with the closest known key as a suggestion.
 */
final class TableReader {

    private static final int PREVIEW_CHARS = 40;

    private final KeyPath path;
    private final ObjectNode node;
    private final ProblemList problems;
    private final Set<String> known = new LinkedHashSet<>();

    TableReader(KeyPath path, ObjectNode node, ProblemList problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    KeyPath path() {
        return path;
    }

    KeyPath path(String key) {
        return path.child(key);
    }

    int line() {
        return problems.line(path);
    }

    int line(String key) {
        return problems.line(path.child(key));
    }

    boolean has(String key) {
        known.add(key);
        return node.has(key);
    }

    void problem(String key, String message) {
        problems.add(path.child(key), message);
    }

    /** A string, or {@code defaultValue} (may be null) if absent or not a string. */
    String string(String key, String defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            wrongType(key, "a string", value);
            return defaultValue;
        }
        return value.textValue();
    }

    /** A string that must be present and not blank; null (with a problem) otherwise. */
    String requiredString(String key) {
        JsonNode value = value(key);
        if (value == null) {
            problems.add(path.child(key), "required key is missing (expected a string)");
            return null;
        }
        if (!value.isTextual()) {
            wrongType(key, "a string", value);
            return null;
        }
        if (value.textValue().isBlank()) {
            problem(key, "must not be empty");
            return null;
        }
        return value.textValue();
    }

    /** An integer within {@code min..max}, or {@code defaultValue} if absent or wrong. */
    long integer(String key, long defaultValue, long min, long max) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber()) {
            wrongType(key, "an integer", value);
            return defaultValue;
        }
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            problem(key, "must be in " + min + ".." + max + " (got " + value.asText() + ")");
            return defaultValue;
        }
        return value.longValue();
    }

    int intValue(String key, int defaultValue, int min, int max) {
        return (int) integer(key, defaultValue, min, max);
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            wrongType(key, "a boolean (true or false)", value);
            return defaultValue;
        }
        return value.booleanValue();
    }

    /** One of {@code choices} (keyed by the lower-case word the file uses), or {@code defaultValue}. */
    <T> T choice(String key, Map<String, T> choices, T defaultValue) {
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        T chosen = choices.get(text);
        if (chosen == null) {
            problem(key, "must be one of " + String.join(", ", choices.keySet()) + " (got \"" + preview(text) + "\")");
            return defaultValue;
        }
        return chosen;
    }

    /** Lower-case names of an enum's constants, in declaration order, for {@link #choice}. */
    static <E extends Enum<E>> Map<String, E> choicesOf(Class<E> type) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            choices.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return choices;
    }

    /** An array of strings, or {@code defaultValue}; each bad element is reported at its own path. */
    List<String> stringList(String key, List<String> defaultValue) {
        JsonNode value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isArray()) {
            wrongType(key, "an array of strings", value);
            return defaultValue;
        }
        List<String> strings = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isTextual()) {
                strings.add(element.textValue());
            } else {
                problems.add(path.child(key).element(i), "expected a string, got " + describe(element));
                ok = false;
            }
        }
        return ok ? strings : defaultValue;
    }

    /** A sub-table, or null if absent (or not a table, which is reported). */
    TableReader table(String key) {
        JsonNode value = value(key);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            wrongType(key, "a table [" + path.child(key) + "]", value);
            return null;
        }
        return new TableReader(path.child(key), (ObjectNode) value, problems);
    }

    /** A sub-table, or an empty one standing for it if absent, so its defaults apply. */
    TableReader tableOrEmpty(String key) {
        TableReader table = table(key);
        return table != null ? table : new TableReader(path.child(key), node.objectNode(), problems);
    }

    /** The tables of an array of tables ({@code [[key]]}); empty if absent. */
    List<TableReader> tableArray(String key) {
        JsonNode value = value(key);
        List<TableReader> tables = new ArrayList<>();
        if (value == null) {
            return tables;
        }
        if (!value.isArray()) {
            wrongType(key, "an array of tables [[" + path.child(key) + "]]", value);
            return tables;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            KeyPath elementPath = path.child(key).element(i);
            if (element.isObject()) {
                tables.add(new TableReader(elementPath, (ObjectNode) element, problems));
            } else {
                problems.add(elementPath, "expected a table, got " + describe(element));
            }
        }
        return tables;
    }

    /** The raw entries of this table, all taken as known. */
    Map<String, JsonNode> entries() {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            known.add(entry.getKey());
            entries.put(entry.getKey(), entry.getValue());
        }
        return entries;
    }

    /** Reports every key of this table that no read asked for. Call after all reads. */
    void finish() {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                String suggestion = closest(name, known);
                problems.add(path.child(name), suggestion != null
                        ? "unknown key (did you mean '" + suggestion + "'?)"
                        : "unknown key (known here: " + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
            }
        }
    }

    private JsonNode value(String key) {
        known.add(key);
        return node.get(key);
    }

    private void wrongType(String key, String expected, JsonNode actual) {
        problem(key, "expected " + expected + ", got " + describe(actual));
    }

    /** The TOML type of a value, with a short preview of scalars: {@code string "30"}. */
    static String describe(JsonNode value) {
        if (value.isTextual()) {
            return "string \"" + preview(value.textValue()) + "\"";
        }
        if (value.isIntegralNumber()) {
            return "integer " + value.asText();
        }
        if (value.isNumber()) {
            return "float " + value.asText();
        }
        if (value.isBoolean()) {
            return "boolean " + value.asText();
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isObject()) {
            return "table";
        }
        if (value.isPojo()) {
            return "date-time";
        }
        return value.getNodeType().toString().toLowerCase(Locale.ROOT);
    }

    static String preview(String text) {
        return text.length() <= PREVIEW_CHARS ? text : text.substring(0, PREVIEW_CHARS) + "...";
    }

    /**
     * The known key closest to {@code name}: within a small edit distance (typos), or one that
     * starts with it ({@code ttl} for {@code ttl_seconds}); null if none is close. Levenshtein is
     * a dozen lines here, not worth a dependency.
     */
    static String closest(String name, Iterable<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String candidate : candidates) {
            int distance = editDistance(lower, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        if (best != null && bestDistance <= allowed) {
            return best;
        }
        for (String candidate : candidates) {
            if (lower.length() >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate))) {
                return candidate;
            }
        }
        return null;
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
