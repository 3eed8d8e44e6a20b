package org.skywave.bridge.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MessageCodecRoundTripTest {

    private final MessageCodec codec = MessageCodec.INSTANCE;

    @Provide
    Arbitrary<Message> anyMessage() {
        return MessageArbitraries.messages();
    }

    @Property(tries = 5000, seed = "20240601")
    void decodeOfEncodeIsTheSameMessage(@ForAll("anyMessage") Message message) throws Exception {
        byte[] encoded = codec.encode(message);
        Message decoded = codec.decode(encoded);
        assertEquals(message, decoded);
        assertEquals(message.hashCode(), decoded.hashCode());
        assertEquals(message.id(), decoded.id());
        // Canonical: re-encoding what was decoded gives the same bytes.
        assertArrayEquals(encoded, codec.encode(decoded));
    }

    @Property(tries = 1000, seed = "7")
    void idOfNonPayloadKindsIsSha256OfTheEncoding(@ForAll("anyMessage") Message message) {
        if (message instanceof TxMessage || message instanceof BlockMessage) {
            return;
        }
        byte[] encoded = codec.encode(message);
        assertEquals(MessageId.of(Hashes.sha256(encoded, 0, encoded.length)), message.id());
    }

    @Test
    void generatorCoversEveryKind() {
        Set<MessageKind> seen = EnumSet.noneOf(MessageKind.class);
        for (Message message : MessageArbitraries.samples(42, 1000)) {
            seen.add(message.kind());
        }
        assertEquals(EnumSet.allOf(MessageKind.class), seen);
    }
}
