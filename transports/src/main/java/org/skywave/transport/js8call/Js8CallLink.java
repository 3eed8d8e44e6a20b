package org.skywave.transport.js8call;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.LinkBase;
import org.tinylog.Logger;

/**
 * A radio channel through JS8Call: every frame goes out as directed JS8 messages to one peer's
 * callsign (or our group), one {@link Js8Chunk} each, and comes back together at the far end with
 * {@link Js8Reassembler}; a chunk lost on the air is re-sent when the receiver asks for it
 * (docs/PROTOCOL.md section 4.4). No sessions: JS8Call is connectionless.
 *
 * <p>All state lives on one thread of the link's own; listener calls are made from it.
 */
final class Js8CallLink extends LinkBase {

    /** How often frames in progress are checked for missing chunks. */
    static final long TICK_MILLIS = 250;
    /** Sent frames kept for repeat requests, per peer: one per message id. */
    static final int KEPT_PER_PEER = Js8Chunk.MESSAGE_IDS;
    /** Messages queued in JS8Call's client beyond which the link is not writable. */
    static final int WRITABLE_BELOW = 64;

    private final Js8CallTransportConfig config;
    private final ScheduledExecutorService executor;
    private final Js8ApiClient client;
    private final Js8Reassembler reassembler;
    private final Map<String, Integer> nextMessageId = new HashMap<>();
    /** Per peer: message id -> that frame's chunks, for repeats. Link thread only. */
    private final Map<String, LinkedHashMap<Integer, List<Js8Chunk>>> sent = new HashMap<>();

    Js8CallLink(LinkUri uri, Js8CallTransportConfig config, LinkListener listener) {
        super(uri, config.profile(), listener, true, Runnable::run);
        this.config = Objects.requireNonNull(config, "config");
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "js8call-link " + config.host() + ":" + config.port());
            t.setDaemon(true);
            return t;
        });
        this.reassembler = new Js8Reassembler(config.repeatAfter().toNanos());
        this.client = new Js8ApiClient(config.host(), config.port(), config.callsign().name(),
                config.group() == null ? null : config.group().name(), config.speed(), new Js8ApiClient.Listener() {
                    @Override
                    public void ready(Js8Speed speed, String detail) {
                        onReady(speed, detail);
                    }

                    @Override
                    public void down(String reason) {
                        changeState(LinkState.DOWN, reason);
                    }

                    @Override
                    public void directed(String from, String to, String text) {
                        onDirected(from, text);
                    }
                }, executor);
    }

    void start() {
        executor.execute(() -> reportInitialState("connecting to JS8Call at " + client.describe()));
        executor.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        client.start();
    }

    private void onReady(Js8Speed speed, String detail) {
        changeProfile(speed.profile(config.chunkBytes()), detail);
        changeState(LinkState.UP, detail);
    }

    @Override
    public LinkAddress peerAddress(String text) {
        return new Js8Address(text);
    }

    /** A 32-byte id is about 50 characters, a minute of Normal air: ACKs name prefixes here. */
    @Override
    public boolean prefersShortIds() {
        return true;
    }

    @Override
    public CompletableFuture<Void> send(LinkAddress to, byte[] frame) {
        Objects.requireNonNull(to, "to");
        if (!(to instanceof Js8Address address)) {
            throw new IllegalArgumentException("not a JS8Call address: " + to + " (" + to.getClass().getSimpleName() + ")");
        }
        checkFrame(frame);
        return sendTo(List.of(address), frame);
    }

    @Override
    public CompletableFuture<Void> broadcast(byte[] frame) {
        checkFrame(frame);
        if (config.group() != null) {
            return sendTo(List.of(config.group()), frame);
        }
        if (config.peers().isEmpty()) {
            return CompletableFuture.failedFuture(new TransportException("JS8Call link " + uri()
                    + " has neither peer= nor group= to broadcast to"));
        }
        return sendTo(config.peers(), frame);
    }

    private CompletableFuture<Void> sendTo(List<Js8Address> destinations, byte[] frame) {
        if (state() == LinkState.CLOSED) {
            return CompletableFuture.failedFuture(new TransportException("JS8Call link " + uri() + " is closed"));
        }
        byte[] copy = frame.clone();
        CompletableFuture<Void> done = new CompletableFuture<>();
        executor.execute(() -> {
            List<CompletableFuture<Void>> parts = new ArrayList<>();
            for (Js8Address to : destinations) {
                List<Js8Chunk> chunks = split(to.name(), copy);
                for (Js8Chunk c : chunks) {
                    parts.add(transmit(to.name(), c));
                }
                stats().frameSent(copy.length, chunks.size() * profile().frameOverhead());
            }
            CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                if (e == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                }
            });
            updateWritable();
        });
        return done;
    }

    private List<Js8Chunk> split(String to, byte[] frame) {
        int id = nextMessageId.merge(to, 1, (a, b) -> (a + b) % Js8Chunk.MESSAGE_IDS);
        int count = (frame.length + config.chunkBytes() - 1) / config.chunkBytes();
        List<Js8Chunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int from = i * config.chunkBytes();
            byte[] part = java.util.Arrays.copyOfRange(frame, from, Math.min(frame.length, from + config.chunkBytes()));
            chunks.add(Js8Chunk.data(id, i, count - 1, part));
        }
        LinkedHashMap<Integer, List<Js8Chunk>> kept = sent.computeIfAbsent(to, k -> new LinkedHashMap<>());
        kept.remove(id);
        kept.put(id, chunks);
        while (kept.size() > KEPT_PER_PEER) {
            kept.remove(kept.keySet().iterator().next());
        }
        return chunks;
    }

    private CompletableFuture<Void> transmit(String to, Js8Chunk chunk) {
        Duration airtime = Js8CallTransportConfig.chunkAirtime(profileSpeed(), chunk.payloadLength());
        CompletableFuture<Void> f = client.sendDirected(to, Js8ChunkCodec.toText(chunk), airtime);
        f.whenComplete((v, e) -> executor.execute(this::updateWritable));
        return f;
    }

    private Js8Speed profileSpeed() {
        Js8Speed s = client.speed();
        return s == null ? config.speed() : s;
    }

    private void onDirected(String from, String text) {
        Js8Chunk chunk;
        try {
            chunk = Js8ChunkCodec.fromText(text);
        } catch (Js8FormatException e) {
            stats().malformedFrame();
            Logger.warn("{}: from {}: {}", client.describe(), from, e.getMessage());
            return;
        }
        if (chunk.kind() == Js8Chunk.Kind.REPEAT) {
            onRepeat(from, chunk);
            return;
        }
        reassembler.accept(from, chunk, System.nanoTime()).ifPresent(frame -> {
            stats().frameReceived(frame.length);
            deliver(new Js8Address(from), frame);
        });
    }

    private void onRepeat(String from, Js8Chunk request) {
        LinkedHashMap<Integer, List<Js8Chunk>> kept = sent.get(from);
        List<Js8Chunk> chunks = kept == null ? null : kept.get(request.messageId());
        if (chunks == null) {
            Logger.info("{}: {} asks again for frame #{}, which is no longer kept", client.describe(), from, request.messageId());
            return;
        }
        for (Js8Chunk c : chunks) {
            if ((request.missing() >>> c.index() & 1) != 0) {
                transmit(from, c);
            }
        }
    }

    private void tick() {
        try {
            for (Js8Reassembler.Repeat r : reassembler.due(System.nanoTime())) {
                Logger.info("{}: frame #{} from {} is missing chunks 0x{}; asking again", client.describe(), r.messageId(),
                        r.from(), Integer.toHexString(r.missing()));
                transmit(r.from(), Js8Chunk.repeat(r.messageId(), r.missing()));
            }
        } catch (RuntimeException e) {
            Logger.error(e, "{}: unexpected error checking for missing chunks", client.describe());
        }
    }

    private void updateWritable() {
        changeWritability(client.queued() < WRITABLE_BELOW);
    }

    /** Lines from JS8Call that were not valid API messages. */
    long malformedApiLines() {
        return client.malformedLines();
    }

    /** Closed when it returns (a second call does nothing), as the link contract asks. */
    @Override
    public void close() {
        if (state() == LinkState.CLOSED) {
            return;
        }
        client.close();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                changeState(LinkState.CLOSED, "closed");
                done.complete(null);
            });
            done.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Shut down by a concurrent close, or the link thread is stuck: closed all the same.
            changeState(LinkState.CLOSED, "closed");
        }
        executor.shutdown();
    }
}
