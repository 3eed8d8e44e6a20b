package org.skywave.transport.vara;

import java.util.Objects;
import java.util.regex.Pattern;
import org.skywave.transport.LinkAddress;

/**
 * A station on a VARA channel: the callsign the modem connects to or reports in
 * {@code CONNECTED}, 3-7 letters and digits with an optional {@code -1}..{@code -15}, {@code -T}
 * or {@code -R} (vara.md section 2, MYCALL).
 */
public record VaraAddress(String call) implements LinkAddress {

    private static final Pattern FORM = Pattern.compile("[A-Z0-9]{3,7}(-([1-9]|1[0-5]|T|R))?");

    public VaraAddress {
        Objects.requireNonNull(call, "call");
        if (!FORM.matcher(call).matches()) {
            throw new IllegalArgumentException("'" + call + "' is not a VARA callsign: 3 to 7 upper-case letters and digits,"
                    + " optionally -1..-15, -T or -R (e.g. N0CALL-2)");
        }
    }

    /** Parses an operator's spelling; lower case is accepted and made upper case. */
    public static VaraAddress parse(String text) {
        return new VaraAddress(Objects.requireNonNull(text, "text").strip().toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return call;
    }
}
