package org.skywave.transport.js8call;

import java.util.Arrays;
import java.util.Objects;
import org.skywave.transport.ByteDump;

/**
 * One JS8 message's worth of a Skywave frame, or a request to repeat lost ones
 * (docs/PROTOCOL.md section 4.4).
 *
 * @param kind      {@link Kind#DATA} or {@link Kind#REPEAT}
 * @param messageId the sender's number for the frame, 0-63, reused after 64 frames
 * @param index     DATA: which chunk of the frame, 0 to {@code lastIndex}; REPEAT: 0
 * @param lastIndex DATA: index of the frame's last chunk, 0-15; REPEAT: 0
 * @param missing   REPEAT: bit i set = chunk i is wanted again; DATA: 0
 * @param payload   DATA: the chunk's bytes of the frame; REPEAT: empty
 */
public record Js8Chunk(Kind kind, int messageId, int index, int lastIndex, int missing, byte[] payload) {

    /** Chunk kinds: the top two bits of the first byte. */
    public enum Kind {
        DATA(0), REPEAT(1);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind fromCode(int code) throws Js8FormatException {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new Js8FormatException("JS8 chunk: unknown kind " + code + " (known: 0 data, 1 repeat)");
        }
    }

    /** Message ids are 6 bits. */
    public static final int MESSAGE_IDS = 64;
    /** Chunk indexes are 4 bits: a frame has at most 16 chunks. */
    public static final int MAX_CHUNKS = 16;

    public Js8Chunk {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(payload, "payload");
        if (messageId < 0 || messageId >= MESSAGE_IDS) {
            throw new IllegalArgumentException("messageId outside 0.." + (MESSAGE_IDS - 1) + ": " + messageId);
        }
        if (lastIndex < 0 || lastIndex >= MAX_CHUNKS || index < 0 || index > lastIndex) {
            throw new IllegalArgumentException("chunk index " + index + " of last " + lastIndex + " outside 0..15");
        }
        if (missing < 0 || missing > 0xffff) {
            throw new IllegalArgumentException("missing bitmap outside 16 bits: " + missing);
        }
        payload = payload.clone();
    }

    public static Js8Chunk data(int messageId, int index, int lastIndex, byte[] payload) {
        return new Js8Chunk(Kind.DATA, messageId, index, lastIndex, 0, payload);
    }

    public static Js8Chunk repeat(int messageId, int missing) {
        return new Js8Chunk(Kind.REPEAT, messageId, 0, 0, missing, new byte[0]);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    int payloadLength() {
        return payload.length;
    }

    byte[] payloadUnsafe() {
        return payload;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Js8Chunk c && kind == c.kind && messageId == c.messageId && index == c.index
                && lastIndex == c.lastIndex && missing == c.missing && Arrays.equals(payload, c.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, messageId, index, lastIndex, missing) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return kind == Kind.DATA
                ? "Js8Chunk[data #" + messageId + " " + index + "/" + lastIndex + ", " + ByteDump.preview(payload) + "]"
                : "Js8Chunk[repeat #" + messageId + " missing 0x" + Integer.toHexString(missing) + "]";
    }
}
