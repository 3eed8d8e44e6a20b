package org.skywave.bridge.config;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the callsigns a config file gives. AX.25 sets the tightest form, so every radio link
 * can use it: 1-6 letters and digits with at least one of each, optionally {@code -SSID}, 0-15.
 */
final class Callsigns {

    private static final Pattern FORM = Pattern.compile("([A-Z0-9]{1,6})(?:-([0-9]{1,2}))?");
    /** AX.25 keeps the SSID in 4 bits. */
    private static final int MAX_SSID = 15;
    /** Placeholders that ship in sample configs (Direwolf's N0CALL, APRS's NOCALL): never licensed. */
    private static final Set<String> PLACEHOLDERS = Set.of("N0CALL", "NOCALL");

    private Callsigns() {
    }

    static String normalize(String callsign) {
        return callsign.strip().toUpperCase(Locale.ROOT);
    }

    /** What is wrong with {@code callsign}, or null if it may go on the air. */
    static String problem(String callsign) {
        String upper = normalize(callsign);
        Matcher m = FORM.matcher(upper);
        String base = m.matches() ? m.group(1) : upper.split("-", 2)[0];
        if (PLACEHOLDERS.contains(base)) {
            return "'" + callsign + "' is a placeholder, not a licensed callsign: every radio transmission must"
                    + " identify the operator, so set your own callsign";
        }
        if (!m.matches() || base.chars().noneMatch(Character::isDigit) || base.chars().noneMatch(Character::isLetter)) {
            return "'" + callsign + "' is not a callsign (expected 1-6 letters and digits with at least one of each,"
                    + " optionally -SSID, as in K1ABC or K1ABC-7)";
        }
        if (m.group(2) != null && Integer.parseInt(m.group(2)) > MAX_SSID) {
            return "'" + callsign + "': SSID " + m.group(2) + " is outside 0.." + MAX_SSID;
        }
        return null;
    }
}
