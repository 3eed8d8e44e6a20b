package org.skywave.bridge.admin;

import java.util.HexFormat;

/** Hex checks with positions, so that a bad character can be named in the error. */
final class Hex {

    private Hex() {
    }

    /** The index of the first character of {@code text} that is not a hex digit, or -1. */
    static int firstNonHexDigit(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (!HexFormat.isHexDigit(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
