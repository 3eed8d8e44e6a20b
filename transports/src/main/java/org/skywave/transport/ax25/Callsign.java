package org.skywave.transport.ax25;

import java.util.Objects;
import org.skywave.transport.LinkAddress;

/**
 * An amateur radio callsign with its SSID, as AX.25 addresses carry it: 1 to 6 upper-case
 * letters and digits, SSID 0-15 (kiss-ax25.md section 7). Written {@code K1ABC-7}, or
 * {@code K1ABC} when the SSID is 0.
 */
public record Callsign(String base, int ssid) implements LinkAddress {

    public static final int MAX_BASE_LENGTH = 6;
    public static final int MAX_SSID = 15;

    public Callsign {
        Objects.requireNonNull(base, "base");
        String problem = baseProblem(base);
        if (problem != null) {
            throw new IllegalArgumentException("callsign '" + base + "' " + problem);
        }
        if (ssid < 0 || ssid > MAX_SSID) {
            throw new IllegalArgumentException("SSID of " + base + " must be in 0.." + MAX_SSID + " (got " + ssid + ")");
        }
    }

    /** Parses {@code K1ABC} or {@code K1ABC-7}; the error names the text and what is wrong with it. */
    public static Callsign parse(String text) {
        Objects.requireNonNull(text, "text");
        int dash = text.indexOf('-');
        String base = dash < 0 ? text : text.substring(0, dash);
        if (dash < 0) {
            return new Callsign(base, 0);
        }
        String ssidText = text.substring(dash + 1);
        if (ssidText.isEmpty() || ssidText.length() > 2 || !ssidText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("callsign '" + text + "': SSID '" + ssidText + "' is not a number in 0.." + MAX_SSID);
        }
        int ssid = Integer.parseInt(ssidText);
        if (ssid > MAX_SSID) {
            throw new IllegalArgumentException("callsign '" + text + "': SSID must be in 0.." + MAX_SSID + " (got " + ssid + ")");
        }
        String problem = baseProblem(base);
        if (problem != null) {
            throw new IllegalArgumentException("callsign '" + text + "' " + problem);
        }
        return new Callsign(base, ssid);
    }

    /** Null if {@code base} is a valid callsign, else what is wrong with it. */
    static String baseProblem(String base) {
        if (base.isEmpty()) {
            return "is empty (expected 1 to " + MAX_BASE_LENGTH + " letters and digits, e.g. K1ABC-7)";
        }
        if (base.length() > MAX_BASE_LENGTH) {
            return "is " + base.length() + " characters long (at most " + MAX_BASE_LENGTH + " before the SSID)";
        }
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                String hint = c >= 'a' && c <= 'z' ? " (callsigns are upper case: " + base.toUpperCase(java.util.Locale.ROOT) + ")" : "";
                return "has '" + c + "' at position " + i + ": only A-Z and 0-9 are allowed" + hint;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return ssid == 0 ? base : base + "-" + ssid;
    }

    /** The callsign without its SSID: one licensed operator, however many stations (SSIDs) it runs. */
    @Override
    public String peerKey() {
        return base;
    }
}
