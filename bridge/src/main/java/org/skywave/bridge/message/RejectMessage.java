package org.skywave.bridge.message;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Tells the sender a message was refused, and why.
 *
 * @param rejectedId   the id of the refused message, when it could be computed
 * @param rejectedKind the kind code of the refused message, when it could be read (known or not)
 * @param text         a short human-readable explanation, possibly empty
 */
public record RejectMessage(RejectReason reason, Optional<MessageId> rejectedId, OptionalInt rejectedKind, String text)
        implements Message {

    public RejectMessage {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(rejectedId, "rejectedId");
        Objects.requireNonNull(rejectedKind, "rejectedKind");
        if (rejectedKind.isPresent()) {
            Values.checkRange(rejectedKind.getAsInt(), "rejectedKind", 0, Integer.MAX_VALUE);
        }
        Objects.requireNonNull(text, "text");
        Values.checkRange(Values.utf8Length(text, "text"), "text bytes", 0, MessageLimits.MAX_REJECT_TEXT_BYTES);
    }

    @Override
    public MessageKind kind() {
        return MessageKind.REJECT;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }
}
