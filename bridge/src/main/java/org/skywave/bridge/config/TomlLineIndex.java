package org.skywave.bridge.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Maps each key path of a TOML document to the line that declares it.
 *
 * <p>Why a scan of our own: Jackson's TOML module (2.18) parses the whole document into a tree
 * first and then hands out a tree-walking parser, so {@code JsonParser#currentTokenLocation()}
 * and {@code getTokenLocation()} are {@code JsonLocation.NA} for every token (only syntax errors
 * carry a line). Jackson stays the judge of what is valid TOML; this scanner only has to find
 * where keys, table headers ({@code [a.b]}, {@code [[link]]}) and inline-table or array entries
 * start. It understands comments, the four string forms (multi-line included) and nesting, so a
 * {@code #} or {@code =} inside a string never misleads it. It never throws, and every loop
 * consumes input, so it also runs over a document Jackson refused, to name the key at the line
 * of a syntax error.
 *
 * <p>It is also the first reader of the text, so it enforces {@link #MAX_NESTING_DEPTH}: past it,
 * it records where and skips the rest of the value without descending, so no document can make
 * it, Jackson or the validator recurse without bound.
 */
final class TomlLineIndex {

    /**
     * Deepest key path a config may have, counting table names, dotted keys, array elements and
     * inline tables: a Skywave config nests at most 4 deep ({@code link[0].params.txdelay}); 32
     * leaves room for any hand-written layout and keeps every recursion over the document short.
     */
    static final int MAX_NESTING_DEPTH = 32;

    private final Map<KeyPath, Integer> lines = new HashMap<>();
    private final Map<Integer, KeyPath> declaredAt = new HashMap<>();
    private final TreeMap<Integer, KeyPath> tableStarts = new TreeMap<>();
    private final Map<KeyPath, Integer> arrayTableCounts = new HashMap<>();
    private int firstDuplicateLine = -1;
    private KeyPath tooDeep;
    private int tooDeepLine;

    private final String text;
    private int pos;
    private int line = 1;

    private TomlLineIndex(String text) {
        this.text = text;
    }

    static TomlLineIndex of(String text) {
        TomlLineIndex index = new TomlLineIndex(text);
        index.scanDocument();
        return index;
    }

    /** The line declaring {@code path}, or its nearest declared ancestor; 1 if none is declared. */
    int line(KeyPath path) {
        for (KeyPath p = path; p != null; p = p.parent()) {
            Integer found = lines.get(p);
            if (found != null) {
                return found;
            }
        }
        return 1;
    }

    /** True if the document declares exactly this path (not merely an ancestor). */
    boolean declares(KeyPath path) {
        return lines.containsKey(path);
    }

    /** The key or table declared on {@code lineNumber}, else the table in force there. */
    KeyPath pathAt(int lineNumber) {
        KeyPath declared = declaredAt.get(lineNumber);
        if (declared != null) {
            return declared;
        }
        Map.Entry<Integer, KeyPath> table = tableStarts.floorEntry(lineNumber);
        return table == null ? KeyPath.ROOT : table.getValue();
    }

    /** The first path nested deeper than {@link #MAX_NESTING_DEPTH}, if any; see {@link #tooDeepLine()}. */
    Optional<KeyPath> tooDeep() {
        return Optional.ofNullable(tooDeep);
    }

    /** The line where {@link #tooDeep()} starts. */
    int tooDeepLine() {
        return tooDeepLine;
    }

    /** The line of the first key defined a second time in the same table, if any. */
    OptionalInt firstDuplicateLine() {
        return firstDuplicateLine < 0 ? OptionalInt.empty() : OptionalInt.of(firstDuplicateLine);
    }

    private void scanDocument() {
        KeyPath table = KeyPath.ROOT;
        while (pos < text.length()) {
            skipBlanks();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            if (c == '\n') {
                newline();
            } else if (c == '#' || c == '\r') {
                skipToEndOfLine();
            } else if (c == '[') {
                table = tableHeader();
                skipToEndOfLine();
            } else {
                int start = pos;
                keyValue(table);
                if (pos == start) {
                    pos++;
                }
                skipToEndOfLine();
            }
        }
    }

    private KeyPath tableHeader() {
        int headerLine = line;
        boolean arrayOfTables = pos + 1 < text.length() && text.charAt(pos + 1) == '[';
        pos += arrayOfTables ? 2 : 1;
        List<String> keys = dottedKey();
        if (keys.isEmpty()) {
            return KeyPath.ROOT;
        }
        KeyPath path = KeyPath.ROOT;
        for (int i = 0; i < keys.size(); i++) {
            if (isTooDeep(path.child(keys.get(i)), headerLine)) {
                break;
            }
            path = path.child(keys.get(i));
            boolean last = i == keys.size() - 1;
            if (last && arrayOfTables) {
                lines.putIfAbsent(path, headerLine);
                int index = arrayTableCounts.merge(path, 1, Integer::sum) - 1;
                path = path.element(index);
            } else {
                Integer count = arrayTableCounts.get(path);
                if (count != null) {
                    path = path.element(count - 1);
                }
            }
            lines.putIfAbsent(path, headerLine);
        }
        declaredAt.putIfAbsent(headerLine, path);
        tableStarts.put(headerLine, path);
        return path;
    }

    private void keyValue(KeyPath table) {
        int keyLine = line;
        List<String> keys = dottedKey();
        if (keys.isEmpty()) {
            return;
        }
        skipBlanks();
        if (pos >= text.length() || text.charAt(pos) != '=') {
            return;
        }
        pos++;
        KeyPath path = table;
        for (String key : keys) {
            if (isTooDeep(path.child(key), keyLine)) {
                skipNested(0);
                return;
            }
            path = path.child(key);
            lines.putIfAbsent(path, keyLine);
        }
        declareLeaf(path, keyLine);
        value(path);
    }

    private void declareLeaf(KeyPath path, int keyLine) {
        if (lines.get(path) != keyLine && firstDuplicateLine < 0) {
            firstDuplicateLine = keyLine;
        }
        declaredAt.putIfAbsent(keyLine, path);
    }

    private void value(KeyPath path) {
        skipBlanks();
        if (pos >= text.length()) {
            return;
        }
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            string();
        } else if (c == '[') {
            array(path);
        } else if (c == '{') {
            inlineTable(path);
        } else {
            while (pos < text.length() && ",]}\n#".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
        }
    }

    private void array(KeyPath path) {
        pos++;
        for (int i = 0; pos < text.length(); i++) {
            skipBlanksNewlinesAndComments();
            if (pos >= text.length() || text.charAt(pos) == ']') {
                pos++;
                return;
            }
            int start = pos;
            KeyPath element = path.element(i);
            if (isTooDeep(element, line)) {
                skipNested(1);
                return;
            }
            lines.putIfAbsent(element, line);
            value(element);
            skipBlanksNewlinesAndComments();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos == start) {
                return;
            }
        }
    }

    private void inlineTable(KeyPath path) {
        pos++;
        while (pos < text.length()) {
            skipBlanks();
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                return;
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return;
            }
            int start = pos;
            keyValue(path);
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == ',') {
                pos++;
            } else if (pos == start) {
                return;
            }
        }
    }

    /** Records the first path past the bound; true if {@code path} is past it. */
    private boolean isTooDeep(KeyPath path, int atLine) {
        int depth = 0;
        for (KeyPath p = path; !p.isRoot(); p = p.parent()) {
            depth++;
        }
        if (depth <= MAX_NESTING_DEPTH) {
            return false;
        }
        if (tooDeep == null) {
            tooDeep = path;
            tooDeepLine = atLine;
        }
        return true;
    }

    /**
     * Skips, without recursion, to just past the bracket that closes the {@code open} arrays or
     * inline tables {@code pos} is inside; with {@code open} 0, to the end of the value or line.
     */
    private void skipNested(int open) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                string();
            } else if (c == '[' || c == '{') {
                open++;
                pos++;
            } else if (c == ']' || c == '}') {
                pos++;
                if (--open <= 0) {
                    return;
                }
            } else if (c == '\n') {
                if (open == 0) {
                    return;
                }
                newline();
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                pos++;
            }
        }
    }

    private List<String> dottedKey() {
        List<String> keys = new ArrayList<>();
        while (pos < text.length()) {
            skipBlanks();
            if (pos >= text.length()) {
                break;
            }
            char c = text.charAt(pos);
            String key;
            if (c == '"' || c == '\'') {
                key = quotedKey(c);
            } else {
                int start = pos;
                while (pos < text.length() && isBareKeyChar(text.charAt(pos))) {
                    pos++;
                }
                key = text.substring(start, pos);
                if (key.isEmpty()) {
                    break;
                }
            }
            keys.add(key);
            skipBlanks();
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
            } else {
                break;
            }
        }
        return keys;
    }

    private String quotedKey(char quote) {
        StringBuilder key = new StringBuilder();
        pos++;
        while (pos < text.length() && text.charAt(pos) != quote && text.charAt(pos) != '\n') {
            char c = text.charAt(pos);
            if (quote == '"' && c == '\\' && pos + 1 < text.length()) {
                pos++;
                c = text.charAt(pos);
            }
            key.append(c);
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == quote) {
            pos++;
        }
        return key.toString();
    }

    /** Skips a basic, literal or multi-line string starting at {@code pos}, counting newlines. */
    private void string() {
        char quote = text.charAt(pos);
        boolean multiLine = text.startsWith(String.valueOf(quote).repeat(3), pos);
        pos += multiLine ? 3 : 1;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\' && quote == '"') {
                pos++;
                if (pos < text.length() && text.charAt(pos) == '\n') {
                    newline();
                } else {
                    pos++;
                }
            } else if (c == '\n') {
                if (!multiLine) {
                    return;
                }
                newline();
            } else if (c == quote && (!multiLine || text.startsWith(String.valueOf(quote).repeat(3), pos))) {
                pos += multiLine ? 3 : 1;
                // A multi-line string may end with up to two quotes of its own before the closing three.
                while (multiLine && pos < text.length() && text.charAt(pos) == quote) {
                    pos++;
                }
                return;
            } else {
                pos++;
            }
        }
    }

    private static boolean isBareKeyChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private void skipBlanksNewlinesAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                newline();
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** Skips what is left of a line (trailing comment included) and the newline ending it. */
    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            char c = text.charAt(pos);
            if (c == '"' || c == '\'') {
                string();
            } else {
                pos++;
            }
        }
        if (pos < text.length()) {
            newline();
        }
    }

    private void newline() {
        pos++;
        line++;
    }
}
