package org.skywave.transport.ax25;

import java.util.Objects;

/**
 * One 7-byte AX.25 address subfield (kiss-ax25.md section 7): six callsign bytes shifted left by
 * one, space-padded; then {@code C/H R R S S S S X}: the command/response bit (in destination and
 * source) or has-been-repeated bit (in a digipeater), two reserved bits sent as 1, the SSID and
 * the extension bit that marks the last address of the field.
 *
 * @param callsign         callsign and SSID
 * @param commandOrRepeated the C bit of a destination or source, the H bit of a digipeater
 * @param last             the extension bit: set only on the last address of the field
 */
public record Ax25Address(Callsign callsign, boolean commandOrRepeated, boolean last) {

    public static final int LENGTH = 7;
    private static final int C_OR_H_BIT = 0x80;
    private static final int RESERVED_BITS = 0x60;
    private static final int EXTENSION_BIT = 0x01;

    public Ax25Address {
        Objects.requireNonNull(callsign, "callsign");
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        encodeTo(out, 0);
        return out;
    }

    /** Writes the 7 bytes at {@code offset}. */
    public void encodeTo(byte[] out, int offset) {
        Objects.checkFromIndexSize(offset, LENGTH, out.length);
        String base = callsign.base();
        for (int i = 0; i < 6; i++) {
            char c = i < base.length() ? base.charAt(i) : ' ';
            out[offset + i] = (byte) (c << 1);
        }
        out[offset + 6] = (byte) ((commandOrRepeated ? C_OR_H_BIT : 0) | RESERVED_BITS
                | (callsign.ssid() << 1) | (last ? EXTENSION_BIT : 0));
    }

    /**
     * Reads 7 bytes at {@code offset}. The reserved bits are not checked (some stacks use them);
     * everything else must be as the spec says.
     */
    public static Ax25Address decode(byte[] in, int offset) throws Ax25FormatException {
        if (offset < 0 || in.length - offset < LENGTH) {
            throw new Ax25FormatException(Ax25FormatException.Problem.TRUNCATED,
                    "AX.25 address at byte " + offset + " needs " + LENGTH + " bytes, " + Math.max(0, in.length - offset) + " left");
        }
        StringBuilder base = new StringBuilder(6);
        boolean padding = false;
        for (int i = 0; i < 6; i++) {
            int b = in[offset + i] & 0xFF;
            if ((b & 0x01) != 0) {
                throw badAddress(in, offset, String.format("callsign byte %d is 0x%02x with its low bit set "
                        + "(an extension bit inside a callsign: the address field ends too early)", i, b));
            }
            char c = (char) (b >>> 1);
            if (c == ' ') {
                padding = true;
            } else if (padding) {
                throw badAddress(in, offset, "callsign has '" + c + "' after space padding at byte " + i);
            } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                base.append(c);
            } else {
                throw badAddress(in, offset, String.format("callsign byte %d is 0x%02x ('%s' shifted), not A-Z or 0-9",
                        i, b, Character.isISOControl(c) ? "\\x" + Integer.toHexString(c) : String.valueOf(c)));
            }
        }
        if (base.length() == 0) {
            throw badAddress(in, offset, "callsign is all spaces");
        }
        int ssidByte = in[offset + 6] & 0xFF;
        return new Ax25Address(new Callsign(base.toString(), (ssidByte >>> 1) & 0x0F),
                (ssidByte & C_OR_H_BIT) != 0, (ssidByte & EXTENSION_BIT) != 0);
    }

    private static Ax25FormatException badAddress(byte[] in, int offset, String what) {
        return new Ax25FormatException(Ax25FormatException.Problem.BAD_ADDRESS,
                "AX.25 address at byte " + offset + ": " + what);
    }

    /** The same address with the extension bit set or cleared. */
    public Ax25Address withLast(boolean isLast) {
        return isLast == last ? this : new Ax25Address(callsign, commandOrRepeated, isLast);
    }

    @Override
    public String toString() {
        return callsign + (commandOrRepeated ? "*" : "") + (last ? "" : ",");
    }
}
