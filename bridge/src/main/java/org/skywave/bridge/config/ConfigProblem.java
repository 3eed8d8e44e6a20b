package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a config file: where it is and what is wrong.
 *
 * @param file    the file read
 * @param keyPath the key, as {@code station.callsign} or {@code link[0].uri} (array indexes from 0);
 *                empty for the document as a whole
 * @param line    1-based line of the key (or of the nearest table that holds it); 0 when the
 *                file itself could not be read
 * @param message what is wrong, with the limit or expected form and the value found
 */
public record ConfigProblem(Path file, String keyPath, int line, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(keyPath, "keyPath");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
    }

    /**
     * {@code file:line: keyPath: message}, the form editors and {@code grep -n} users know; always
     * one line, so control characters quoted from the file are shown escaped.
     */
    @Override
    public String toString() {
        String where = line == 0 ? file.toString() : file + ":" + line;
        return oneLine(keyPath.isEmpty() ? where + ": " + message : where + ": " + keyPath + ": " + message);
    }

    private static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
