package org.skywave.bridge.node.bitcoin;

import java.util.Arrays;
import java.util.Objects;
import org.skywave.transport.ByteDump;

/** One Bitcoin P2P message: its command name and payload bytes (the frame header is the codec's business). */
public final class BitcoinMessage {

    private final String command;
    private final byte[] payload;

    private BitcoinMessage(String command, byte[] payload) {
        this.command = command;
        this.payload = payload;
    }

    /** A message with a copy of {@code payload}; the command must fit the 12-byte, printable ASCII field. */
    public static BitcoinMessage of(String command, byte[] payload) {
        BitcoinMessageCodec.checkCommand(command);
        return new BitcoinMessage(command, payload.clone());
    }

    /** Takes ownership of {@code payload}: for decoders and payload encoders that just built it. */
    static BitcoinMessage wrap(String command, byte[] payload) {
        return new BitcoinMessage(command, payload);
    }

    public String command() {
        return command;
    }

    /** A copy of the payload. */
    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    /** The payload itself, for codecs in this package that only read it. */
    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BitcoinMessage other && command.equals(other.command) && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return command + " (" + ByteDump.preview(payload) + ")";
    }
}
