package org.skywave.bridge.admin;

import java.util.HexFormat;
import java.util.Locale;
import org.skywave.bridge.message.MessageId;

/**
 * Transaction ids as operators read them. Bitcoin shows a txid as the double SHA-256 in reversed
 * byte order (block explorers, {@code bitcoin-cli}), while {@link MessageId} keeps the internal
 * order; the admin API speaks the display form in both directions.
 */
public final class TxIds {

    /** 32 bytes, two hex digits each. */
    public static final int DISPLAY_HEX_LENGTH = MessageId.LENGTH * 2;

    private TxIds() {
    }

    /** The id as Bitcoin tools print it: the bytes reversed, in lower-case hex. */
    public static String display(MessageId id) {
        return id.displayHex();
    }

    /**
     * Parses an id in display form.
     *
     * @throws IllegalArgumentException naming the problem, if {@code text} is not 64 hex digits
     */
    public static MessageId fromDisplay(String text) {
        String hex = text.strip().toLowerCase(Locale.ROOT);
        if (hex.length() != DISPLAY_HEX_LENGTH) {
            throw new IllegalArgumentException("a transaction id is " + DISPLAY_HEX_LENGTH + " hex digits, got "
                    + hex.length());
        }
        int bad = Hex.firstNonHexDigit(hex);
        if (bad >= 0) {
            throw new IllegalArgumentException("a transaction id is hex: character '" + hex.charAt(bad)
                    + "' at offset " + bad + " is not a hex digit");
        }
        return MessageId.of(reversed(HexFormat.of().parseHex(hex)));
    }

    private static byte[] reversed(byte[] bytes) {
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
        return bytes;
    }
}
