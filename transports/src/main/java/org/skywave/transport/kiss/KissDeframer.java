package org.skywave.transport.kiss;

import static org.skywave.transport.kiss.KissFramer.FEND;
import static org.skywave.transport.kiss.KissFramer.FESC;
import static org.skywave.transport.kiss.KissFramer.TFEND;
import static org.skywave.transport.kiss.KissFramer.TFESC;

import java.util.Arrays;
import java.util.Objects;
import org.skywave.transport.ByteDump;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

/**
 * Streaming KISS decoder for one connection (kiss-ax25.md section 1, state machine). Bytes before
 * the first FEND are noise; empty frames are ignored; a bad escape or an over-long frame drops
 * that frame, is reported to {@link Handler#onError} and counted, and decoding resumes at the
 * next FEND. The buffer is fixed at the limit given, so memory never grows with the input.
 *
 * <p>Not thread-safe: feed it from one thread.
 */
public final class KissDeframer {

    /**
     * Direwolf's own receive limit (MAX_KISS_LEN, 2048 bytes) is the largest frame a TNC can
     * sensibly hand us; it covers an AX.25 frame of 10 addresses, control, PID and far more
     * than the 256 information bytes of N1.
     */
    public static final int DEFAULT_MAX_FRAME_BYTES = 2048;

    /** Receives what the deframer finds. Called on the thread that feeds it. */
    public interface Handler {
        void onFrame(KissFrame frame);

        /** A frame was dropped; decoding goes on with the next one. */
        void onError(MalformedFrameException error);
    }

    private enum State { SEARCHING, COLLECTING, ESCAPED }

    private final int maxFrameBytes;
    private final Handler handler;
    private final String source;
    private final byte[] buffer;
    private State state = State.SEARCHING;
    private int length;
    /** Bytes seen in the current frame, kept counting after the buffer is full. */
    private long seen;
    private String badEscape;
    private long frames;
    private long errors;
    private long noiseBytes;

    /**
     * @param maxFrameBytes largest frame kept, type byte included, unescaped
     * @param source        where the bytes come from, for error messages ({@code /dev/ttyUSB0})
     */
    public KissDeframer(int maxFrameBytes, String source, Handler handler) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("maxFrameBytes < 1: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.source = Objects.requireNonNull(source, "source");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.buffer = new byte[maxFrameBytes];
    }

    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    public void feed(byte[] bytes, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, bytes.length);
        for (int i = offset; i < offset + count; i++) {
            feed(bytes[i] & 0xFF);
        }
    }

    /** Feeds one byte (0-255). */
    public void feed(int b) {
        switch (state) {
            case SEARCHING -> {
                if (b == FEND) {
                    startFrame();
                } else {
                    noiseBytes++;
                }
            }
            case COLLECTING -> {
                if (b == FEND) {
                    endFrame();
                } else if (b == FESC) {
                    state = State.ESCAPED;
                } else {
                    append(b);
                }
            }
            case ESCAPED -> {
                if (b == TFEND) {
                    append(FEND);
                    state = State.COLLECTING;
                } else if (b == TFESC) {
                    append(FESC);
                    state = State.COLLECTING;
                } else if (b == FEND) {
                    if (badEscape == null) {
                        badEscape = "frame ends right after FESC at byte " + seen;
                    }
                    endFrame();
                } else {
                    if (badEscape == null) {
                        badEscape = String.format("FESC followed by 0x%02x (expected 0xdc or 0xdd) at byte %d", b, seen);
                    }
                    state = State.COLLECTING;
                }
            }
            default -> throw new IllegalStateException(state.toString());
        }
    }

    private void startFrame() {
        state = State.COLLECTING;
        length = 0;
        seen = 0;
        badEscape = null;
    }

    private void append(int b) {
        if (length < maxFrameBytes) {
            buffer[length++] = (byte) b;
        }
        seen++;
    }

    private void endFrame() {
        try {
            if (seen == 0 && badEscape == null) {
                return; // back-to-back FENDs: an empty frame, allowed and ignored
            }
            if (seen > maxFrameBytes) {
                fail(new FrameTooLongException("KISS frame exceeds " + maxFrameBytes + " bytes (got " + seen
                        + ") on " + source + ": " + ByteDump.preview(buffer, 0, Math.min(length, ByteDump.MAX_PREVIEW_BYTES))));
                return;
            }
            if (badEscape != null) {
                fail(new KissFormatException("KISS frame dropped on " + source + ": " + badEscape + "; "
                        + ByteDump.preview(buffer, 0, length)));
                return;
            }
            int type = buffer[0] & 0xFF;
            KissCommand command;
            try {
                command = KissCommand.fromCode(type == 0xFF ? 0xFF : type & 0x0F);
            } catch (KissFormatException e) {
                fail(new KissFormatException(e.getMessage() + " in type byte " + String.format("0x%02x", type)
                        + " on " + source + "; " + ByteDump.preview(buffer, 0, length)));
                return;
            }
            int port = command == KissCommand.RETURN ? 0 : type >>> 4;
            frames++;
            handler.onFrame(new KissFrame(port, command, Arrays.copyOfRange(buffer, 1, length)));
        } finally {
            // A closing FEND also opens the next frame (kiss-ax25.md section 1).
            startFrame();
        }
    }

    private void fail(MalformedFrameException error) {
        errors++;
        handler.onError(error);
    }

    /** Frames delivered so far. */
    public long frames() {
        return frames;
    }

    /** Frames dropped so far (bad escape, unknown command, over-long). */
    public long errors() {
        return errors;
    }

    /** Bytes discarded while searching for a FEND (noise, or text from the TNC). */
    public long noiseBytes() {
        return noiseBytes;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }
}
