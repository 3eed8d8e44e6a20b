package org.skywave.transport.ax25;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skywave.transport.ByteDump;

/**
 * Encodes and decodes AX.25 v2.2 UI frames without FCS, as they travel in KISS data frames
 * (kiss-ax25.md section 7). Decoding checks every bound and throws only
 * {@link Ax25FormatException}.
 */
public final class Ax25Codec {

    /** AX.25 v2.0 allowed 8 digipeaters; v2.2 reduced it to 2, but Direwolf still accepts 8. */
    public static final int MAX_DIGIPEATERS = 8;
    public static final int CONTROL_UI = 0x03;
    public static final int POLL_FINAL_BIT = 0x10;
    /** No layer 3 protocol: what Skywave sends. */
    public static final int PID_NO_LAYER_3 = 0xF0;
    /**
     * Largest information field accepted when decoding: Direwolf takes up to 2048 bytes from a
     * KISS client (kiss-ax25.md section 7, "Info field"), so nothing longer can reach us from it.
     */
    public static final int MAX_INFO_BYTES = 2048;
    /** Destination, source, control and PID: the shortest UI frame. */
    public static final int MIN_UI_FRAME_BYTES = 2 * Ax25Address.LENGTH + 2;

    private Ax25Codec() {
    }

    /** The frame's bytes: addresses (extension bit on the last only), control, PID, info. */
    public static byte[] encode(Ax25Frame frame) {
        byte[] out = new byte[frame.encodedLength()];
        List<Ax25Address> digis = frame.digipeaters();
        frame.destination().withLast(false).encodeTo(out, 0);
        frame.source().withLast(digis.isEmpty()).encodeTo(out, Ax25Address.LENGTH);
        int offset = 2 * Ax25Address.LENGTH;
        for (int i = 0; i < digis.size(); i++) {
            digis.get(i).withLast(i == digis.size() - 1).encodeTo(out, offset);
            offset += Ax25Address.LENGTH;
        }
        out[offset++] = (byte) frame.control();
        out[offset++] = (byte) frame.pid();
        byte[] info = frame.info();
        System.arraycopy(info, 0, out, offset, info.length);
        return out;
    }

    /** A UI command frame from {@code source} to {@code destination} via {@code path}, PID 0xF0. */
    public static byte[] encodeUi(Callsign destination, Callsign source, List<Callsign> path, byte[] info) {
        return encode(Ax25Frame.ui(destination, source, path, info));
    }

    public static Ax25Frame decode(byte[] frame) throws Ax25FormatException {
        return decode(frame, 0, frame.length);
    }

    /**
     * Decodes a UI frame. Frames of other types are refused with {@link Ax25FormatException.Problem#NOT_UI}
     * once their address field has been checked.
     */
    public static Ax25Frame decode(byte[] bytes, int offset, int length) throws Ax25FormatException {
        byte[] frame = Arrays.copyOfRange(bytes, offset, offset + length);
        List<Ax25Address> addresses = new ArrayList<>(2 + MAX_DIGIPEATERS);
        int pos = 0;
        while (true) {
            if (addresses.size() == 2 + MAX_DIGIPEATERS) {
                throw new Ax25FormatException(Ax25FormatException.Problem.BAD_ADDRESS_FIELD,
                        "AX.25 address field has no extension bit in its first " + addresses.size()
                                + " addresses (at most " + MAX_DIGIPEATERS + " digipeaters); " + ByteDump.preview(frame));
            }
            if (frame.length - pos < Ax25Address.LENGTH) {
                throw new Ax25FormatException(Ax25FormatException.Problem.TRUNCATED,
                        "AX.25 address field truncated: address " + (addresses.size() + 1) + " at byte " + pos + " needs "
                                + Ax25Address.LENGTH + " bytes, frame has " + frame.length + "; " + ByteDump.preview(frame));
            }
            Ax25Address address = Ax25Address.decode(frame, pos);
            addresses.add(address);
            pos += Ax25Address.LENGTH;
            if (address.last()) {
                break;
            }
        }
        if (addresses.size() < 2) {
            throw new Ax25FormatException(Ax25FormatException.Problem.BAD_ADDRESS_FIELD,
                    "AX.25 destination address has the extension bit set: no source address; " + ByteDump.preview(frame));
        }
        if (pos >= frame.length) {
            throw new Ax25FormatException(Ax25FormatException.Problem.TRUNCATED,
                    "AX.25 frame ends after its address field (" + pos + " bytes): no control byte");
        }
        int control = frame[pos++] & 0xFF;
        if ((control & ~POLL_FINAL_BIT) != CONTROL_UI) {
            throw new Ax25FormatException(Ax25FormatException.Problem.NOT_UI,
                    String.format("AX.25 frame %s>%s is not UI: control 0x%02x (%s)", addresses.get(1).callsign(),
                            addresses.get(0).callsign(), control, frameType(control)));
        }
        if (pos >= frame.length) {
            throw new Ax25FormatException(Ax25FormatException.Problem.TRUNCATED,
                    "AX.25 UI frame ends after its control byte at byte " + pos + ": no PID");
        }
        int pid = frame[pos++] & 0xFF;
        int infoLength = frame.length - pos;
        if (infoLength > MAX_INFO_BYTES) {
            throw new Ax25FormatException(Ax25FormatException.Problem.TOO_LONG,
                    "AX.25 information field exceeds " + MAX_INFO_BYTES + " bytes (got " + infoLength + ")");
        }
        return new Ax25Frame(addresses.get(0), addresses.get(1), addresses.subList(2, addresses.size()),
                control, pid, Arrays.copyOfRange(frame, pos, frame.length));
    }

    /** Name of the frame type a modulo-8 control byte stands for, for error messages. */
    static String frameType(int control) {
        if ((control & 0x01) == 0) {
            return "I frame";
        }
        if ((control & 0x03) == 0x01) {
            return switch (control & 0x0F) {
                case 0x01 -> "RR";
                case 0x05 -> "RNR";
                case 0x09 -> "REJ";
                case 0x0D -> "SREJ";
                default -> "S frame";
            };
        }
        return switch (control & ~POLL_FINAL_BIT) {
            case 0x2F -> "SABM";
            case 0x6F -> "SABME";
            case 0x63 -> "UA";
            case 0x43 -> "DISC";
            case 0x0F -> "DM";
            case 0x87 -> "FRMR";
            case 0xAF -> "XID";
            case 0xE3 -> "TEST";
            default -> "unknown U frame";
        };
    }
}
