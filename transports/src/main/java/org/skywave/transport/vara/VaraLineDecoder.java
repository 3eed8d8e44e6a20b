package org.skywave.transport.vara;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits the modem's command-port byte stream into lines: buffer until CR, split on CR, ignore
 * empty lines, whatever the TCP reads look like (vara.md section 1). One per connection; holds at
 * most {@link #MAX_LINE_BYTES}. An over-long line is skipped up to its CR, then reported, and the
 * next line decodes normally.
 */
final class VaraLineDecoder {

    /**
     * Longest line accepted. The longest documented line is a FM {@code CONNECTED} with two
     * digipeaters (about 50 bytes); 512 leaves room for versions that say more.
     */
    static final int MAX_LINE_BYTES = 512;

    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int length;
    private long skipped;

    /** Feeds {@code count} bytes; each whole line goes to {@code lines}, each over-long one to {@code errors}. */
    void feed(byte[] bytes, int count, Consumer<String> lines, Consumer<VaraProtocolException> errors) {
        for (int i = 0; i < count; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                if (skipped > 0) {
                    errors.accept(new VaraProtocolException("VARA: command-port line of " + (MAX_LINE_BYTES + skipped)
                            + " bytes exceeds " + MAX_LINE_BYTES + "; skipped"));
                } else {
                    String text = new String(line, 0, length, StandardCharsets.US_ASCII).strip();
                    if (!text.isEmpty()) {
                        lines.accept(text);
                    }
                }
                skipped = 0;
                length = 0;
            } else if (skipped > 0 || length == MAX_LINE_BYTES) {
                skipped++;
                length = 0;
            } else {
                line[length++] = b;
            }
        }
    }
}
