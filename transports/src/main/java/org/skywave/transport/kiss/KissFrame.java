package org.skywave.transport.kiss;

import java.util.Arrays;
import java.util.Objects;
import org.skywave.transport.ByteDump;

/**
 * One KISS frame, unescaped: the TNC port (radio channel), the command and its argument bytes
 * (the AX.25 frame for {@link KissCommand#DATA}, one value byte for the parameter commands).
 */
public record KissFrame(int port, KissCommand command, byte[] payload) {

    /** Ports are the high nibble of the type byte. */
    public static final int MAX_PORT = 15;

    public KissFrame {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(payload, "payload");
        if (port < 0 || port > MAX_PORT) {
            throw new IllegalArgumentException("KISS port must be in 0.." + MAX_PORT + ": " + port);
        }
        if (command == KissCommand.RETURN && port != 0) {
            throw new IllegalArgumentException("RETURN uses the whole type byte 0xff and has no port: " + port);
        }
        payload = payload.clone();
    }

    public static KissFrame data(int port, byte[] ax25Frame) {
        return new KissFrame(port, KissCommand.DATA, ax25Frame);
    }

    /** A parameter command (TXDELAY, P, SLOTTIME, TXTAIL, FULLDUPLEX) with its one value byte. */
    public static KissFrame parameter(int port, KissCommand command, int value) {
        if (command.code() < KissCommand.TXDELAY.code() || command.code() > KissCommand.FULLDUPLEX.code()) {
            throw new IllegalArgumentException("not a one-byte parameter command: " + command);
        }
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(command + " value must be in 0..255: " + value);
        }
        return new KissFrame(port, command, new byte[] {(byte) value});
    }

    /** The type byte: port in the high nibble, command in the low one (0xFF for RETURN). */
    public int typeByte() {
        return command == KissCommand.RETURN ? 0xFF : (port << 4) | command.code();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Payload length without copying. */
    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KissFrame other && port == other.port && command == other.command
                && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(port, command) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "KissFrame[port=" + port + ", " + command + ", " + ByteDump.preview(payload) + "]";
    }
}
