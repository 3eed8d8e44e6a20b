package org.skywave.bridge.node.jsonl;

import java.nio.charset.StandardCharsets;

/**
 * A bounded, printable preview of a JSON line for one log line: JSON is text, so a text preview
 * reads better than hex; control characters are escaped so a line cannot forge log lines.
 */
final class LinePreview {

    /** Code points shown at most: enough to see the message name and the start of its value. */
    static final int MAX_PREVIEW_CHARS = 64;

    private LinePreview() {
    }

    /** {@code "23 bytes: {\"Ping\":1}"}; bytes that are not UTF-8 show as U+FFFD. */
    static String of(byte[] line, int offset, int length) {
        int window = Math.min(length, MAX_PREVIEW_CHARS * 4);
        String text = new String(line, offset, window, StandardCharsets.UTF_8);
        return length + " bytes: " + escape(text, window < length);
    }

    static String of(byte[] line) {
        return of(line, 0, line.length);
    }

    /** A preview of a string already decoded, such as a message name. */
    static String ofText(String text) {
        return escape(text, false);
    }

    private static String escape(String text, boolean more) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < MAX_PREVIEW_CHARS) {
            int cp = text.codePointAt(i);
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
            shown++;
        }
        if (i < text.length() || more) {
            out.append("...");
        }
        return out.toString();
    }
}
