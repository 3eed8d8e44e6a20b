package org.skywave.transport.vara;

import java.util.function.Consumer;

/**
 * Cuts the byte stream of a VARA session into Skywave frames: each frame is a 2-byte big-endian
 * length (1..65535) followed by that many bytes (docs/PROTOCOL.md, "Frames on a VARA session").
 * VARA keeps no message boundaries (vara.md section 6), so the stream carries its own. One per
 * session; holds at most {@code maxFrame} bytes.
 */
final class VaraFrameDeframer {

    private final int maxFrame;
    private final byte[] frame;
    private int lengthBytesSeen;
    private int length;
    private int filled;

    VaraFrameDeframer(int maxFrame) {
        if (maxFrame < 1 || maxFrame > VaraTransportConfig.MAX_MTU) {
            throw new IllegalArgumentException("maxFrame must be in 1.." + VaraTransportConfig.MAX_MTU + ": " + maxFrame);
        }
        this.maxFrame = maxFrame;
        this.frame = new byte[maxFrame];
    }

    /** Encodes one frame: length prefix and payload. */
    static byte[] encode(byte[] payload) {
        if (payload.length < 1 || payload.length > VaraTransportConfig.MAX_MTU) {
            throw new IllegalArgumentException("frame length must be in 1.." + VaraTransportConfig.MAX_MTU + ": " + payload.length);
        }
        byte[] out = new byte[payload.length + 2];
        out[0] = (byte) (payload.length >>> 8);
        out[1] = (byte) payload.length;
        System.arraycopy(payload, 0, out, 2, payload.length);
        return out;
    }

    /**
     * Feeds session bytes; each whole frame goes to {@code frames}.
     *
     * @throws VaraProtocolException on a length of 0 or above the limit: the stream cannot be
     *                               resynchronised, so the caller ends the session
     */
    void feed(byte[] bytes, Consumer<byte[]> frames) throws VaraProtocolException {
        for (int i = 0; i < bytes.length; ) {
            if (lengthBytesSeen < 2) {
                length = (length << 8) | (bytes[i++] & 0xff);
                if (++lengthBytesSeen == 2) {
                    if (length == 0 || length > maxFrame) {
                        int bad = length;
                        lengthBytesSeen = 0;
                        length = 0;
                        throw new VaraProtocolException("VARA session: frame length " + bad + " outside 1.." + maxFrame);
                    }
                    filled = 0;
                }
                continue;
            }
            int take = Math.min(length - filled, bytes.length - i);
            System.arraycopy(bytes, i, frame, filled, take);
            filled += take;
            i += take;
            if (filled == length) {
                byte[] whole = new byte[length];
                System.arraycopy(frame, 0, whole, 0, length);
                lengthBytesSeen = 0;
                length = 0;
                frames.accept(whole);
            }
        }
    }
}
