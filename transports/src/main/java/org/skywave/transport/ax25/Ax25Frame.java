package org.skywave.transport.ax25;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.skywave.transport.ByteDump;

/**
 * One AX.25 frame as Skywave reads and writes it: destination, source, up to
 * {@link Ax25Codec#MAX_DIGIPEATERS} digipeaters, control, PID and information field. Extension
 * bits of the addresses are recomputed when encoding; {@link #ui} builds a frame whose addresses
 * are exactly what {@link Ax25Codec#decode} returns for it.
 */
public record Ax25Frame(Ax25Address destination, Ax25Address source, List<Ax25Address> digipeaters,
                        int control, int pid, byte[] info) {

    public Ax25Frame {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(info, "info");
        digipeaters = List.copyOf(digipeaters);
        if (digipeaters.size() > Ax25Codec.MAX_DIGIPEATERS) {
            throw new IllegalArgumentException("at most " + Ax25Codec.MAX_DIGIPEATERS + " digipeaters (got " + digipeaters.size() + ")");
        }
        if (control < 0 || control > 0xFF) {
            throw new IllegalArgumentException("control must be one byte: " + control);
        }
        if (pid < 0 || pid > 0xFF) {
            throw new IllegalArgumentException("PID must be one byte: " + pid);
        }
        info = info.clone();
    }

    /**
     * A UI command frame (destination C=1, source C=0, digipeaters not yet repeated), control
     * 0x03, PID 0xF0: how Skywave puts a frame on the air.
     */
    public static Ax25Frame ui(Callsign destination, Callsign source, List<Callsign> path, byte[] info) {
        if (path.size() > Ax25Codec.MAX_DIGIPEATERS) {
            throw new IllegalArgumentException("at most " + Ax25Codec.MAX_DIGIPEATERS + " digipeaters (got " + path.size() + ")");
        }
        List<Ax25Address> digis = new ArrayList<>(path.size());
        for (int i = 0; i < path.size(); i++) {
            digis.add(new Ax25Address(path.get(i), false, i == path.size() - 1));
        }
        return new Ax25Frame(new Ax25Address(destination, true, false), new Ax25Address(source, false, path.isEmpty()),
                digis, Ax25Codec.CONTROL_UI, Ax25Codec.PID_NO_LAYER_3, info);
    }

    @Override
    public byte[] info() {
        return info.clone();
    }

    public int infoLength() {
        return info.length;
    }

    /** UI frame, with or without the poll bit. */
    public boolean isUi() {
        return (control & ~Ax25Codec.POLL_FINAL_BIT) == Ax25Codec.CONTROL_UI;
    }

    /** Length of the encoded frame: addresses, control, PID (UI and I frames) and info. */
    public int encodedLength() {
        return Ax25Address.LENGTH * (2 + digipeaters.size()) + 2 + info.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ax25Frame other && destination.equals(other.destination) && source.equals(other.source)
                && digipeaters.equals(other.digipeaters) && control == other.control && pid == other.pid
                && Arrays.equals(info, other.info);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, source, digipeaters, control, pid) * 31 + Arrays.hashCode(info);
    }

    /** TNC-2 monitor style: {@code N0CALL-1>SKYWV,WIDE1-1: ctl 0x03 pid 0xf0 ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(source.callsign()).append('>').append(destination.callsign());
        for (Ax25Address digi : digipeaters) {
            sb.append(',').append(digi.callsign()).append(digi.commandOrRepeated() ? "*" : "");
        }
        return sb.append(String.format(": ctl 0x%02x pid 0x%02x ", control, pid)).append(ByteDump.preview(info)).toString();
    }
}
