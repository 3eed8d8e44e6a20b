package org.skywave.transport.vara;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One line from the modem's command port (vara.md section 3), split into its kind and fields.
 * Fields are separated by runs of spaces ({@code BITRATE (4)  175 bps TX}). A line the notes do
 * not list is {@link Kind#OTHER}: logged and ignored, never fatal.
 *
 * @param kind   what the line is
 * @param fields the words after the keyword(s)
 * @param line   the line as received, for logs
 */
public record VaraReply(Kind kind, List<String> fields, String line) {

    /** The lines of vara.md section 3. */
    public enum Kind {
        OK, WRONG, CONNECTED, DISCONNECTED, PENDING, CANCELPENDING, BUSY, BUFFER, PTT, REGISTERED,
        LINK_REGISTERED, IAMALIVE, MISSING_SOUNDCARD, BITRATE, SN, VERSION, CLEANTXBUFFER,
        ENCRYPTED_LINK, UNENCRYPTED_LINK, ENCRYPTION, CQFRAME, OTHER
    }

    public VaraReply {
        Objects.requireNonNull(kind, "kind");
        fields = List.copyOf(fields);
        Objects.requireNonNull(line, "line");
    }

    /**
     * Parses one line (without its CR). Known lines with impossible fields ({@code BUFFER x},
     * {@code CONNECTED} with one callsign) are refused; unknown lines become {@link Kind#OTHER}.
     *
     * @throws VaraProtocolException naming the line and what is wrong with it
     */
    public static VaraReply parse(String line) throws VaraProtocolException {
        String[] words = line.strip().split(" +");
        List<String> rest = Arrays.asList(words).subList(1, words.length);
        Kind kind = switch (words[0]) {
            case "OK" -> Kind.OK;
            case "WRONG" -> Kind.WRONG;
            case "CONNECTED" -> Kind.CONNECTED;
            case "DISCONNECTED" -> Kind.DISCONNECTED;
            case "PENDING" -> Kind.PENDING;
            case "CANCELPENDING" -> Kind.CANCELPENDING;
            case "BUSY" -> Kind.BUSY;
            case "BUFFER" -> Kind.BUFFER;
            case "PTT" -> Kind.PTT;
            case "REGISTERED" -> Kind.REGISTERED;
            case "IAMALIVE" -> Kind.IAMALIVE;
            case "BITRATE" -> Kind.BITRATE;
            case "SN" -> Kind.SN;
            case "VERSION" -> Kind.VERSION;
            case "CLEANTXBUFFER" -> Kind.CLEANTXBUFFER;
            case "CQFRAME" -> Kind.CQFRAME;
            case "ENCRYPTION" -> Kind.ENCRYPTION;
            case "MISSING" -> rest.equals(List.of("SOUNDCARD")) ? Kind.MISSING_SOUNDCARD : Kind.OTHER;
            case "LINK" -> rest.isEmpty() ? Kind.OTHER : rest.get(0).equals("REGISTERED") || rest.get(0).equals("UNREGISTERED")
                    ? Kind.LINK_REGISTERED : Kind.OTHER;
            case "ENCRYPTED" -> rest.equals(List.of("LINK")) ? Kind.ENCRYPTED_LINK : Kind.OTHER;
            case "UNENCRYPTED" -> rest.equals(List.of("LINK")) ? Kind.UNENCRYPTED_LINK : Kind.OTHER;
            default -> Kind.OTHER;
        };
        VaraReply reply = new VaraReply(kind, kind == Kind.OTHER ? List.of() : rest, line);
        reply.check();
        return reply;
    }

    private void check() throws VaraProtocolException {
        switch (kind) {
            case CONNECTED -> {
                if (fields.size() < 2) {
                    throw new VaraProtocolException("VARA: CONNECTED needs a source and a destination callsign: '" + line + "'");
                }
            }
            case BUSY, PTT -> {
                if (fields.size() != 1 || !(fields.get(0).equals("ON") || fields.get(0).equals("OFF"))) {
                    throw new VaraProtocolException("VARA: " + kind + " must be followed by ON or OFF: '" + line + "'");
                }
            }
            case BUFFER -> bufferBytes();
            case BITRATE -> bitrate();
            default -> {
            }
        }
    }

    /** {@code BUFFER n}: bytes in the modem's TX queue. */
    public int bufferBytes() throws VaraProtocolException {
        if (fields.size() != 1) {
            throw new VaraProtocolException("VARA: BUFFER must carry one byte count: '" + line + "'");
        }
        try {
            int n = Integer.parseInt(fields.get(0));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new VaraProtocolException("VARA: BUFFER count '" + fields.get(0) + "' is not a byte count: '" + line + "'");
        }
    }

    /** {@code BITRATE (level)  n bps TX|RX}: the bit rate n (vara.md section 3). */
    public int bitrate() throws VaraProtocolException {
        int bps = fields.indexOf("bps");
        if (bps < 1) {
            throw new VaraProtocolException("VARA: BITRATE line without 'n bps': '" + line + "'");
        }
        try {
            int n = Integer.parseInt(fields.get(bps - 1));
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new VaraProtocolException("VARA: BITRATE '" + fields.get(bps - 1) + "' is not a positive number: '" + line + "'");
        }
    }

    /** {@code BUSY ON} / {@code PTT ON}. */
    public boolean on() {
        return !fields.isEmpty() && fields.get(0).equals("ON");
    }

    /** {@code CONNECTED src dst ...}: the caller. */
    public String source() {
        return fields.get(0);
    }

    /** {@code CONNECTED src dst ...}: the station called. */
    public String destination() {
        return fields.get(1);
    }

    /**
     * {@code CONNECTED src dst [VIA d1 [d2]] bw}: the bandwidth field (HF {@code 500}/{@code 2300}/
     * {@code 2750}, FM {@code NARROW}/{@code WIDE}), or null if the line has none (VARA SAT).
     */
    public String bandwidth() {
        if (fields.size() < 3) {
            return null;
        }
        String last = fields.get(fields.size() - 1);
        return isBandwidth(last) ? last : null;
    }

    private static boolean isBandwidth(String field) {
        return field.equals("500") || field.equals("2300") || field.equals("2750") || field.equals("NARROW") || field.equals("WIDE");
    }
}
