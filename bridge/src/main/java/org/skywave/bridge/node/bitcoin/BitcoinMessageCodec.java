package org.skywave.bridge.node.bitcoin;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 24-byte Bitcoin message header: magic (4 bytes), command (12 bytes of ASCII padded with
 * NUL), payload length (uint32 LE) and checksum (the first 4 bytes of the payload's double
 * SHA-256), followed by the payload. See https://en.bitcoin.it/wiki/Protocol_documentation#Message_structure.
 */
public final class BitcoinMessageCodec {

    public static final int HEADER_LENGTH = 24;
    public static final int COMMAND_LENGTH = 12;
    public static final int CHECKSUM_LENGTH = 4;

    /**
     * Largest payload accepted from or sent to a peer: Bitcoin Core's {@code MAX_PROTOCOL_MESSAGE_LENGTH}
     * (4,000,000 bytes, {@code src/net.h}), which also bounds a block message.
     */
    public static final int MAX_PROTOCOL_MESSAGE_LENGTH = 4_000_000;

    private BitcoinMessageCodec() {
    }

    /** The whole frame for {@code message} on the network with {@code magic}. */
    public static byte[] encode(int magic, BitcoinMessage message) {
        byte[] payload = message.payloadUnsafe();
        checkPayloadLength(message.command(), payload.length);
        byte[] frame = new byte[HEADER_LENGTH + payload.length];
        writeHeader(frame, magic, message.command(), payload);
        System.arraycopy(payload, 0, frame, HEADER_LENGTH, payload.length);
        return frame;
    }

    /** Writes the frame for {@code message} to {@code out}. */
    public static void encode(int magic, BitcoinMessage message, ByteBuf out) {
        byte[] payload = message.payloadUnsafe();
        checkPayloadLength(message.command(), payload.length);
        byte[] header = new byte[HEADER_LENGTH];
        writeHeader(header, magic, message.command(), payload);
        out.writeBytes(header).writeBytes(payload);
    }

    private static void writeHeader(byte[] frame, int magic, String command, byte[] payload) {
        putIntLe(frame, 0, magic);
        byte[] name = command.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, frame, 4, name.length);
        putIntLe(frame, 16, payload.length);
        System.arraycopy(checksum(payload), 0, frame, 20, CHECKSUM_LENGTH);
    }

    /** The first four bytes of the double SHA-256 of {@code payload}. */
    public static byte[] checksum(byte[] payload) {
        return Arrays.copyOf(BitcoinHashes.doubleSha256(payload), CHECKSUM_LENGTH);
    }

    /** Parses the 12-byte command field: printable ASCII, then only NUL padding. */
    static String decodeCommand(byte[] field) throws BitcoinProtocolException {
        int length = 0;
        while (length < field.length && field[length] != 0) {
            int c = field[length];
            if (c < 0x20 || c > 0x7e) {
                throw new BitcoinProtocolException("command field has non-printable byte 0x"
                        + Integer.toHexString(c & 0xff) + " at position " + length);
            }
            length++;
        }
        for (int i = length; i < field.length; i++) {
            if (field[i] != 0) {
                throw new BitcoinProtocolException("command field has byte 0x" + Integer.toHexString(field[i] & 0xff)
                        + " after its NUL padding at position " + i);
            }
        }
        if (length == 0) {
            throw new BitcoinProtocolException("command field is empty");
        }
        return new String(field, 0, length, StandardCharsets.US_ASCII);
    }

    static void checkCommand(String command) {
        if (command.isEmpty() || command.length() > COMMAND_LENGTH) {
            throw new IllegalArgumentException("command must be 1.." + COMMAND_LENGTH + " characters: '" + command + "'");
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("command must be printable ASCII: '" + command + "'");
            }
        }
    }

    private static void checkPayloadLength(String command, int length) {
        if (length > MAX_PROTOCOL_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("'" + command + "' payload of " + length + " bytes exceeds "
                    + MAX_PROTOCOL_MESSAGE_LENGTH + " (MAX_PROTOCOL_MESSAGE_LENGTH)");
        }
    }

    static void putIntLe(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
