package org.skywave.bridge.station;

import java.nio.charset.StandardCharsets;

/** Fits an error's explanation into a REJECT's text field. */
final class RejectTexts {

    private RejectTexts() {
    }

    /** {@code text} cut to at most {@code maxBytes} of UTF-8, never inside a character; null becomes empty. */
    static String truncate(String text, int maxBytes) {
        if (text == null) {
            return "";
        }
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end);
    }
}
