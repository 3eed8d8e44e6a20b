package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.IdPrefix;
import org.skywave.bridge.message.MessageId;

/** Short ACKs: prefixes just long enough on the acknowledging side; only an unambiguous prefix acknowledges on the other. */
class ShortAcksTest {

    /** An id of {@code shared} bytes of 0x11, then bytes of {@code tail}. */
    private static MessageId id(int shared, int tail) {
        byte[] b = new byte[MessageId.LENGTH];
        Arrays.fill(b, 0, shared, (byte) 0x11);
        Arrays.fill(b, shared, b.length, (byte) tail);
        return MessageId.of(b);
    }

    @Test
    void distinctIdsGoAsEightBytePrefixes() {
        MessageId a = id(0, 0xa0);
        MessageId b = id(0, 0xb0);
        AckMessage ack = new ShortAcks().ackFor(List.of(a, b));
        assertEquals(List.of(), ack.ids());
        assertEquals(List.of(IdPrefix.of(a, 8), IdPrefix.of(b, 8)), ack.prefixes());
    }

    @Test
    void idsSharingEightBytesGetSixteenAndSharingSixteenGoWhole() {
        ShortAcks acks = new ShortAcks();
        MessageId first = id(8, 0xa0);
        acks.ackFor(List.of(first));
        // Acknowledged later, in another ACK: still told apart from the first one.
        MessageId second = id(8, 0xb0);
        assertEquals(List.of(IdPrefix.of(second, 16)), acks.ackFor(List.of(second)).prefixes());
        MessageId third = id(16, 0xc0);
        MessageId fourth = id(16, 0xd0);
        AckMessage ack = acks.ackFor(List.of(third, fourth));
        assertEquals(List.of(third, fourth), ack.ids());
        assertEquals(List.of(), ack.prefixes());
    }

    @Test
    void aPrefixAcknowledgesOnlyTheOneMessageItCanMean() {
        ShortAcks acks = new ShortAcks();
        MessageId a = id(8, 0xa0);
        MessageId b = id(8, 0xb0);
        IdPrefix shared = IdPrefix.of(a, 8);
        assertEquals(Optional.of(a), acks.resolve(shared, List.of(a)));
        assertEquals(Optional.empty(), acks.resolve(shared, List.of(a, b)), "two sent messages match: neither is taken");
        assertEquals(Optional.empty(), acks.resolve(shared, List.of()), "none sent");
        assertEquals(Optional.of(b), acks.resolve(IdPrefix.of(b, 16), List.of(b)), "the longer prefix tells them apart");
    }

    @Test
    void aLateCopyOfAnAckDoesNotTakeANewerMessageWithTheSamePrefix() {
        ShortAcks acks = new ShortAcks();
        MessageId old = id(8, 0xa0);
        MessageId newer = id(8, 0xb0);
        acks.acknowledged(old);
        assertEquals(Optional.empty(), acks.resolve(IdPrefix.of(old, 8), List.of(newer)));
        assertEquals(Optional.of(newer), acks.resolve(IdPrefix.of(newer, 16), List.of(newer)));
    }

    @Test
    void memoryIsBounded() {
        ShortAcks acks = new ShortAcks();
        MessageId first = id(8, 0x01);
        acks.ackFor(List.of(first));
        for (int i = 0; i < ShortAcks.REMEMBERED; i++) {
            byte[] b = new byte[MessageId.LENGTH];
            b[0] = (byte) 0x22;
            b[1] = (byte) (i >> 8);
            b[2] = (byte) i;
            acks.ackFor(List.of(MessageId.of(b)));
        }
        // The first id has been forgotten, so one sharing 8 bytes with it goes short again.
        MessageId sibling = id(8, 0x02);
        assertEquals(List.of(IdPrefix.of(sibling, 8)), acks.ackFor(List.of(sibling)).prefixes());
    }
}
