package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.bridge.testing.Waits;
import org.skywave.transport.LinkUri;
import org.skywave.transport.js8call.Js8Chunk;
import org.skywave.transport.js8call.Js8ChunkCodec;
import org.skywave.transport.js8call.Js8Speed;
import org.skywave.transport.testing.Js8CallEmulator;
import org.skywave.transport.testing.Js8Channel;

/**
 * Two stations over JS8Call through two emulators (Turbo, 1/200 of real time): what crosses the
 * air is read back from the channel, so the test sees the ACKs as the far station sent them.
 */
class StationJs8Test {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final double TIME_SCALE = 0.005;

    @TempDir
    Path dir;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<MessageId, Integer> atB = new ConcurrentHashMap<>();
    private final Map<String, MessageStore> stores = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private Station station(String name, Js8CallEmulator modem, String call, String peer, TransportRegistry registry)
            throws Exception {
        MessageStore store = MessageStore.open(dir.resolve(name + ".db"), StoreOptions.defaults());
        resources.add(store);
        LocalDelivery count = (linkName, message) -> {
            if (message instanceof TxMessage tx && name.equals("B")) {
                atB.merge(tx.id(), 1, Integer::sum);
            }
        };
        LinkUri uri = LinkUri.parse("js8call://127.0.0.1:" + modem.port() + "?callsign=" + call + "&peer=" + peer
                + "&speed=turbo&repeat-after=1.5");
        Station station = new Station(name, List.of(new StationLinkSpec("radio", uri, true, 0)), registry, store,
                StationExecutor.singleThread(name), Duration.ofHours(1), count, new SplittableRandom(name.hashCode()));
        resources.add(station);
        station.start().get(10, TimeUnit.SECONDS);
        stores.put(name, store);
        return station;
    }

    @Test
    void transactionsAreAcknowledgedByEightBytePrefixesAndHeadersStayOffTheLink() throws Exception {
        Js8Channel channel = Js8Channel.perfect();
        resources.add(channel);
        Js8CallEmulator modemA = new Js8CallEmulator("K1ABC", Js8Speed.TURBO, channel, 0, TIME_SCALE);
        resources.add(modemA);
        Js8CallEmulator modemB = new Js8CallEmulator("K2XYZ", Js8Speed.TURBO, channel, 0, TIME_SCALE);
        resources.add(modemB);
        TransportRegistry registry = TransportRegistry.standard(1);
        resources.add(registry);
        Station a = station("A", modemA, "K1ABC", "K2XYZ", registry);
        station("B", modemB, "K2XYZ", "K1ABC", registry);

        DemoTransactions generator = new DemoTransactions(new SplittableRandom(11));
        List<TxMessage> txs = List.of(new TxMessage(Network.BITCOIN_REGTEST, generator.next()),
                new TxMessage(Network.BITCOIN_REGTEST, generator.next()));
        for (TxMessage tx : txs) {
            a.submit(tx).get(10, TimeUnit.SECONDS);
        }
        Set<MessageId> ids = txs.stream().map(TxMessage::id).collect(Collectors.toSet());
        Waits.untilOrFail(WAIT, () -> atB.keySet().containsAll(ids), "both transactions at B");
        Waits.untilOrFail(WAIT, () -> depth(stores.get("A")) == 0, "A's queue emptied by B's ACKs");

        List<AckMessage> acks = new ArrayList<>();
        for (Message m : messagesFrom("K2XYZ", channel.aired())) {
            if (m instanceof AckMessage ack) {
                acks.add(ack);
            }
        }
        assertFalse(acks.isEmpty(), "B's ACKs are on the air: " + channel.aired());
        for (AckMessage ack : acks) {
            assertEquals(List.of(), ack.ids(), "no whole ids on a JS8Call link: " + ack);
            assertTrue(ack.prefixes().stream().allMatch(p -> p.length() == 8 && ids.stream().filter(p::matches).count() == 1),
                    "8-byte prefixes, each of one transaction: " + ack);
        }
        a.submit(new HeadersMessage(Network.BITCOIN_REGTEST, List.of(new byte[80]))).get(10, TimeUnit.SECONDS);
        assertEquals(0, depth(stores.get("A")), "headers are not queued for a JS8Call link (its default policy)");
        assertTrue(ids.stream().allMatch(id -> acks.stream().anyMatch(ack -> ack.prefixes().stream().anyMatch(p -> p.matches(id)))),
                "each transaction acknowledged by prefix");
    }

    private static long depth(MessageStore store) {
        try {
            return store.queue("radio").stats().depth();
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Skywave messages {@code call} aired: its DATA chunks put back together and decoded. */
    private static List<Message> messagesFrom(String call, List<String> aired) throws Exception {
        Map<Integer, TreeMap<Integer, Js8Chunk>> frames = new HashMap<>();
        Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, System::nanoTime);
        List<Message> messages = new ArrayList<>();
        for (String line : aired) {
            if (!line.startsWith(call + ":")) {
                continue;
            }
            Js8Chunk chunk = Js8ChunkCodec.fromText(line);
            if (chunk.kind() != Js8Chunk.Kind.DATA) {
                continue;
            }
            TreeMap<Integer, Js8Chunk> parts = frames.computeIfAbsent(chunk.messageId(), k -> new TreeMap<>());
            parts.put(chunk.index(), chunk);
            if (parts.size() == chunk.lastIndex() + 1) {
                frames.remove(chunk.messageId());
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                for (Js8Chunk c : parts.values()) {
                    frame.write(c.payload());
                }
                Optional<byte[]> whole = reassembler.accept(call, frame.toByteArray());
                if (whole.isPresent()) {
                    messages.add(MessageCodec.INSTANCE.decode(whole.get()));
                }
            }
        }
        return messages;
    }
}
