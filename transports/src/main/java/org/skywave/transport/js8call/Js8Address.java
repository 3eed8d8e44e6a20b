package org.skywave.transport.js8call;

import java.util.Locale;
import java.util.regex.Pattern;
import org.skywave.transport.LinkAddress;

/**
 * A JS8Call station callsign ({@code K1ABC}, {@code VE3/K1ABC}) or group ({@code @SKYWAVE}), upper
 * case. JS8 has no SSIDs: one JS8Call instance is one station.
 */
public record Js8Address(String name) implements LinkAddress {

    /** Callsigns: letters, digits and '/', with a digit; groups: '@' and 1-8 letters or digits (js8call.md section 7). */
    private static final Pattern CALLSIGN = Pattern.compile("(?=.*[0-9])[A-Z0-9/]{3,12}");
    private static final Pattern GROUP = Pattern.compile("@[A-Z0-9]{1,8}");

    public Js8Address {
        name = name.strip().toUpperCase(Locale.ROOT);
        if (!CALLSIGN.matcher(name).matches() && !GROUP.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a JS8Call callsign (e.g. K1ABC) or group (e.g. @SKYWAVE)");
        }
    }

    public boolean isGroup() {
        return name.startsWith("@");
    }

    @Override
    public String toString() {
        return name;
    }
}
