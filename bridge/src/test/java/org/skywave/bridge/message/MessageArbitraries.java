package org.skywave.bridge.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * jqwik generators of valid messages of every kind, for property tests here and in other packages
 * (framing, store, gate). Sizes stay small enough for thousands of tries; edge values (0, extremes,
 * empty lists) come from jqwik's edge-case mixing.
 */
public final class MessageArbitraries {

    /** Payload sizes generated: a few real transactions' worth, not megabytes. */
    public static final int MAX_GENERATED_PAYLOAD_BYTES = 600;

    /** List lengths generated. */
    public static final int MAX_GENERATED_LIST_SIZE = 12;

    private MessageArbitraries() {
    }

    /** Any kind, each kind equally likely. */
    public static Arbitrary<Message> messages() {
        return Arbitraries.oneOf(List.of(
                hello(), ping(), pong(), inv(), getData(), tx(), block(), headers(), getHeaders(), compactBlock(),
                getBlockTxn(), blockTxn(), mempool(), addr(), ack(), reject()));
    }

    /**
     * {@code count} messages drawn from {@link #messages()} with a seeded random source, for tests
     * that are not jqwik properties (it opens a jqwik session when none is active).
     */
    public static List<Message> samples(long seed, int count) {
        boolean ownSession = !JqwikSession.isActive();
        if (ownSession) {
            JqwikSession.start();
        }
        try {
            Random random = new Random(seed);
            RandomGenerator<Message> generator = messages().generator(1000);
            List<Message> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                messages.add(generator.next(random).value());
            }
            return messages;
        } finally {
            if (ownSession) {
                JqwikSession.finish();
            }
        }
    }

    public static Arbitrary<Network> networks() {
        return Arbitraries.of(Network.class);
    }

    public static Arbitrary<byte[]> bytes(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max);
    }

    public static Arbitrary<MessageId> ids() {
        return bytes(MessageId.LENGTH, MessageId.LENGTH).map(MessageId::of);
    }

    private static Arbitrary<Long> unsigned() {
        return Arbitraries.longs().between(0, Long.MAX_VALUE);
    }

    private static <T> Arbitrary<List<T>> lists(Arbitrary<T> element) {
        return element.list().ofMaxSize(MAX_GENERATED_LIST_SIZE);
    }

    public static Arbitrary<Message> hello() {
        return Combinators.combine(Arbitraries.integers().between(0, Integer.MAX_VALUE), bytes(32, 32),
                        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
                                .ofMaxLength(MessageLimits.MAX_CALLSIGN_BYTES),
                        unsigned(), unsigned(), unsigned(), Arbitraries.longs())
                .as(HelloMessage::new);
    }

    public static Arbitrary<Message> ping() {
        return Arbitraries.longs().map(PingMessage::new);
    }

    public static Arbitrary<Message> pong() {
        return Arbitraries.longs().map(PongMessage::new);
    }

    public static Arbitrary<InventoryItem> inventoryItems() {
        return Combinators.combine(Arbitraries.of(InventoryType.class), ids()).as(InventoryItem::new);
    }

    public static Arbitrary<Message> inv() {
        return lists(inventoryItems()).map(InvMessage::new);
    }

    public static Arbitrary<Message> getData() {
        return lists(inventoryItems()).map(GetDataMessage::new);
    }

    public static Arbitrary<Message> tx() {
        return Combinators.combine(networks(), bytes(1, MAX_GENERATED_PAYLOAD_BYTES)).as(TxMessage::new);
    }

    public static Arbitrary<Message> block() {
        return networks().flatMap(network -> bytes(network.minimumBlockBytes(), MAX_GENERATED_PAYLOAD_BYTES)
                .map(raw -> new BlockMessage(network, raw)));
    }

    public static Arbitrary<Message> headers() {
        return Combinators.combine(networks(), lists(bytes(1, 120))).as(HeadersMessage::new);
    }

    public static Arbitrary<Message> getHeaders() {
        return Combinators.combine(networks(), lists(ids()), ids()).as(GetHeadersMessage::new);
    }

    public static Arbitrary<Message> compactBlock() {
        Arbitrary<long[]> shortIds = Arbitraries.longs().between(0, CompactBlockMessage.MAX_SHORT_ID)
                .array(long[].class).ofMaxSize(40);
        Arbitrary<PrefilledTransaction> prefilled = Combinators.combine(
                        Arbitraries.integers().between(0, MessageLimits.MAX_BLOCK_TRANSACTIONS - 1), bytes(1, 300))
                .as(PrefilledTransaction::new);
        return Combinators.combine(networks(), bytes(1, 120), Arbitraries.longs(), shortIds, lists(prefilled))
                .as(CompactBlockMessage::new);
    }

    public static Arbitrary<Message> getBlockTxn() {
        return Combinators.combine(networks(), ids(),
                        lists(Arbitraries.integers().between(0, MessageLimits.MAX_BLOCK_TRANSACTIONS - 1)))
                .as(GetBlockTxnMessage::new);
    }

    public static Arbitrary<Message> blockTxn() {
        return Combinators.combine(networks(), ids(), lists(bytes(1, 300))).as(BlockTxnMessage::new);
    }

    public static Arbitrary<Message> mempool() {
        return networks().map(MempoolMessage::new);
    }

    public static Arbitrary<PeerAddress> peers() {
        Arbitrary<String> uris = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1)
                .ofMaxLength(MessageLimits.MAX_URI_BYTES);
        return Combinators.combine(uris, unsigned(), unsigned()).as(PeerAddress::new);
    }

    public static Arbitrary<Message> addr() {
        return lists(peers()).map(AddrMessage::new);
    }

    public static Arbitrary<Message> ack() {
        Arbitrary<IdPrefix> prefix = bytes(IdPrefix.MIN_LENGTH, IdPrefix.MAX_LENGTH).map(IdPrefix::of);
        return Combinators.combine(lists(ids()), lists(prefix)).as(AckMessage::new);
    }

    public static Arbitrary<Message> reject() {
        // Latin, Greek-to-Armenian and CJK ranges: 1-, 2- and 3-byte UTF-8; 36 chars stay under 111 bytes.
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withCharRange('\u00a0', '\u058f')
                .withCharRange('\u4e00', '\u4fff').ofMaxLength(36);
        Arbitrary<Optional<MessageId>> id = ids().optional();
        Arbitrary<OptionalInt> kind = Arbitraries.integers().between(0, Integer.MAX_VALUE).optional()
                .map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        return Combinators.combine(Arbitraries.of(RejectReason.class), id, kind, text).as(RejectMessage::new);
    }
}
