package org.skywave.transport;

import java.util.HexFormat;

/** A bounded hex preview of bytes for logs and error messages: never a whole payload. */
public final class ByteDump {

    /** At most this many bytes are shown; enough to recognise a header, short enough for one log line. */
    public static final int MAX_PREVIEW_BYTES = 64;

    private ByteDump() {
    }

    /** {@code "12 bytes: 0a0b..."}, with at most {@link #MAX_PREVIEW_BYTES} shown. */
    public static String preview(byte[] bytes) {
        return preview(bytes, 0, bytes.length);
    }

    public static String preview(byte[] bytes, int offset, int length) {
        int shown = Math.min(length, MAX_PREVIEW_BYTES);
        String hex = HexFormat.of().formatHex(bytes, offset, offset + shown);
        return length + " bytes: " + hex + (shown < length ? "..." : "");
    }
}
