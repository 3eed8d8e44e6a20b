package org.skywave.bridge.station;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.framing.LinkScheduler;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.message.Ack;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * One Skywave station: its links, the durable queue behind each outbound link, the gate between
 * them, and the acknowledgements that let a message leave a queue.
 *
 * <p>Every event (a frame in, a link state change, a timer) runs on one station thread, so the
 * station's state needs no locks; storage calls block that thread only for their commit.
 */
public final class Station implements AutoCloseable {

    /** How often queues are looked at even without an event: retry delays expire on their own. */
    private static final Duration PUMP_INTERVAL = Duration.ofMillis(200);
    /** ACKs wait this long for more ids to share one transmission. */
    private static final Duration ACK_DELAY = Duration.ofMillis(150);

    private final String name;
    private final List<StationLinkSpec> specs;
    private final TransportRegistry registry;
    private final MessageStore store;
    private final Clock clock;
    private final Duration messageTtl;
    private final LocalDelivery localDelivery;
    private final RandomGenerator random;
    private final Gate gate = new Gate();
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService stationThread;
    private final Map<String, StationLink> links = new LinkedHashMap<>();
    private volatile boolean closed;

    public Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            Clock clock, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random) {
        this.name = Objects.requireNonNull(name, "name");
        this.specs = List.copyOf(specs);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messageTtl = Objects.requireNonNull(messageTtl, "messageTtl");
        this.localDelivery = Objects.requireNonNull(localDelivery, "localDelivery");
        this.random = Objects.requireNonNull(random, "random");
        this.stationThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "station-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens every link; they connect in the background and report through the log. */
    public void start() throws TransportException {
        callOnStationThread(() -> {
            for (StationLinkSpec spec : specs) {
                openLink(spec);
            }
            return null;
        });
        stationThread.scheduleWithFixedDelay(this::pumpAll, PUMP_INTERVAL.toMillis(), PUMP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        Logger.info("station {}: started with {} link(s)", name, specs.size());
    }

    private void openLink(StationLinkSpec spec) throws TransportException {
        Transport transport = registry.forUri(spec.uri());
        StationLink stationLink = new StationLink(spec, store, stationThread, random, this::sendAck);
        links.put(spec.name(), stationLink);
        Link link = transport.open(spec.uri(), new LinkListener() {
            @Override
            public void onFrame(InboundFrame frame) {
                stationThread.execute(() -> onFrameReceived(stationLink, frame));
            }

            @Override
            public void onStateChanged(LinkState state, String detail) {
                Logger.info("link {}: {}{}", spec.name(), state, detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
                stationThread.execute(stationLink::pump);
            }

            @Override
            public void onWritabilityChanged(boolean writable) {
                stationThread.execute(stationLink::pump);
            }
        });
        stationLink.attach(link);
    }

    /**
     * Accepts a message from the operator or a node adapter, as if it came from the internet:
     * returns only once it is durable in the queue of every radio link it goes to.
     *
     * @return the message's id
     */
    public MessageId submit(Message message) throws StoreException {
        return callOnStationThread(() -> {
            route(null, message);
            return message.id();
        });
    }

    private void onFrameReceived(StationLink from, InboundFrame frame) {
        Optional<byte[]> whole;
        try {
            whole = from.reassemble(frame);
        } catch (MalformedFrameException e) {
            from.link().stats().malformedFrame();
            Logger.warn("link {}: dropped a malformed frame from {}: {}", from.name(), frame.from(), e.getMessage());
            return;
        }
        if (whole.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(whole.get());
        } catch (MalformedMessageException e) {
            from.link().stats().malformedFrame();
            Logger.warn("link {}: dropped a malformed message from {}: {}", from.name(), frame.from(), e.getMessage());
            return;
        }
        if (message instanceof Ack ack) {
            ack.ids().forEach(from::acknowledged);
            return;
        }
        MessageId id = message.id();
        try {
            if (!store.seenSet().contains(id)) {
                route(from, message);
                store.seenSet().markSeen(id, clock.instant().plus(messageTtl));
                localDelivery.deliver(from.name(), message);
            } else {
                Logger.debug("link {}: {} already seen, acknowledging again", from.name(), id.shortHex());
            }
        } catch (StoreException e) {
            // Not acknowledged: the sender keeps it and tries again once storage works.
            Logger.error("link {}: cannot store {}: {}", from.name(), id.shortHex(), e.getMessage());
            return;
        }
        from.acknowledgeLater(id);
    }

    /** Queues {@code message} durably on every link the gate allows; {@code from} is null for local submissions. */
    private void route(StationLink from, Message message) throws StoreException {
        Gate.Side fromSide = from == null ? Gate.Side.LOCAL : from.side();
        byte[] encoded = null;
        for (StationLink to : links.values()) {
            if (to == from || !gate.relays(fromSide, to.side(), message)) {
                continue;
            }
            if (encoded == null) {
                encoded = codec.encode(message);
            }
            QueuedMessage queued = QueuedMessage.create(message.id(), to.name(), Priorities.of(message.kind()),
                    encoded, clock.instant(), clock.instant().plus(messageTtl));
            if (to.queue().offer(queued)) {
                Logger.debug("station {}: queued {} {} for link {}", name, message.kind(), message.id().shortHex(), to.name());
            }
            to.pump();
        }
    }

    private void sendAck(StationLink link, List<MessageId> ids) {
        link.sendDirect(codec.encode(new Ack(ids)));
    }

    private void pumpAll() {
        if (closed) {
            return;
        }
        for (StationLink link : links.values()) {
            link.expireFragments();
            link.pump();
        }
    }

    /** Per-link figures, keyed by link name. */
    public Map<String, StationLinkStatus> status() {
        try {
            return callOnStationThread(() -> {
                Map<String, StationLinkStatus> result = new LinkedHashMap<>();
                for (StationLink link : links.values()) {
                    result.put(link.name(), link.status());
                }
                return Collections.unmodifiableMap(result);
            });
        } catch (StoreException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<StationLink> toClose = new ArrayList<>(links.values());
        Future<?> done = stationThread.submit(() -> toClose.forEach(StationLink::close));
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Logger.warn("station {}: links did not close cleanly: {}", name, e.toString());
        }
        stationThread.shutdownNow();
        Logger.info("station {}: stopped", name);
    }

    private <T> T callOnStationThread(Callable<T> task) throws StoreException, TransportException {
        Future<T> future = stationThread.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException se) {
                throw se;
            }
            if (cause instanceof TransportException te) {
                throw te;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }
}
