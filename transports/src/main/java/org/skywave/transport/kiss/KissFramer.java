package org.skywave.transport.kiss;

/**
 * Encodes KISS frames: FEND, type byte and payload with FEND/FESC escaped, FEND
 * (kiss-ax25.md section 1). Stateless.
 */
public final class KissFramer {

    public static final int FEND = 0xC0;
    public static final int FESC = 0xDB;
    public static final int TFEND = 0xDC;
    public static final int TFESC = 0xDD;

    private KissFramer() {
    }

    /** Worst case: every byte of type and payload escaped, plus the two FENDs. */
    public static int maxEncodedLength(int payloadLength) {
        return 2 * (1 + payloadLength) + 2;
    }

    public static byte[] encode(KissFrame frame) {
        return encode(frame.port(), frame.command(), frame.payload());
    }

    /** Encodes one frame for {@code port} (0-15) with {@code command} and its argument bytes. */
    public static byte[] encode(int port, KissCommand command, byte[] payload) {
        if (port < 0 || port > KissFrame.MAX_PORT) {
            throw new IllegalArgumentException("KISS port must be in 0.." + KissFrame.MAX_PORT + ": " + port);
        }
        int type = command == KissCommand.RETURN ? 0xFF : (port << 4) | command.code();
        int escapes = escapeCount(type);
        for (byte b : payload) {
            escapes += escapeCount(b & 0xFF);
        }
        byte[] out = new byte[payload.length + escapes + 3];
        int i = 0;
        out[i++] = (byte) FEND;
        i = put(out, i, type);
        for (byte b : payload) {
            i = put(out, i, b & 0xFF);
        }
        out[i] = (byte) FEND;
        return out;
    }

    private static int escapeCount(int b) {
        return b == FEND || b == FESC ? 1 : 0;
    }

    private static int put(byte[] out, int i, int b) {
        if (b == FEND) {
            out[i++] = (byte) FESC;
            out[i++] = (byte) TFEND;
        } else if (b == FESC) {
            out[i++] = (byte) FESC;
            out[i++] = (byte) TFESC;
        } else {
            out[i++] = (byte) b;
        }
        return i;
    }
}
