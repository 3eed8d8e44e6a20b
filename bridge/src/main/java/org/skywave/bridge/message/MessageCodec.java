package org.skywave.bridge.message;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.util.Objects;

/**
 * Converts messages to and from their CBOR encoding, specified byte by byte in
 * {@code docs/protocol/messages.md}: one definite-length map with small unsigned integer keys,
 * key 0 the kind. Stateless and thread-safe; {@link #INSTANCE} serves everyone.
 *
 * <p>Decoding is bounded: input over {@link #MAX_MESSAGE_BYTES} is refused unread, every declared
 * length and count is checked against the bytes that remain before anything is allocated, and bad
 * input is refused by the decoder's own checks with {@link MalformedMessageException}, its message
 * naming the kind, key, item and byte offset at fault. No other exception is caught and renamed:
 * one escaping would be a bug for the malformed-input tests to find.
 */
public final class MessageCodec {

    /** The largest encoding accepted or produced; see {@link MessageLimits#MAX_MESSAGE_BYTES} for its origin. */
    public static final int MAX_MESSAGE_BYTES = MessageLimits.MAX_MESSAGE_BYTES;

    public static final MessageCodec INSTANCE = new MessageCodec();

    /** The encoder's generator; its limits match the decoder's so that nothing is written the decoder would refuse. */
    private static final CBORFactory FACTORY = CBORFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MessageLimits.MAX_NESTING_DEPTH)
                    .maxDocumentLength(MessageLimits.MAX_MESSAGE_BYTES)
                    // Text values are at most a URI; integer keys become names of at most 20 digits.
                    .maxStringLength(MessageLimits.MAX_URI_BYTES)
                    .maxNameLength(32)
                    .build())
            .build();

    /** The canonical encoding of {@code message}; throws IllegalArgumentException if it exceeds {@link #MAX_MESSAGE_BYTES}. */
    public byte[] encode(Message message) {
        Objects.requireNonNull(message, "message");
        return MessageEncoder.encode(FACTORY, message, false);
    }

    /**
     * The encoding a station sends to another station: as {@link #encode}, except that a Bitcoin TX
     * carries its transaction in compact form (key 3, {@code docs/PROTOCOL.md} section 7.1) whenever
     * that is shorter, and Bitcoin HEADERS their chain in compact form (key 3, section 7.3). The
     * receiver rebuilds the exact bytes, so ids are the same.
     */
    public byte[] encodeCompact(Message message) {
        Objects.requireNonNull(message, "message");
        return MessageEncoder.encode(FACTORY, message, true);
    }

    /** The message {@code bytes} encode; they must be exactly one message. */
    public Message decode(byte[] bytes) throws MalformedMessageException {
        Objects.requireNonNull(bytes, "bytes");
        return MessageDecoder.decode(bytes);
    }

    /** SHA-256 of the canonical encoding: the id of every kind but TX and BLOCK. */
    static MessageId canonicalId(Message message) {
        byte[] encoding = INSTANCE.encode(message);
        return MessageId.of(Hashes.sha256(encoding, 0, encoding.length));
    }
}
