package org.skywave.bridge.station;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.skywave.bridge.config.GateConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.gate.Gate;
import org.skywave.bridge.gate.LogThrottle;
import org.skywave.bridge.gate.PeerScores;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfile;
import org.skywave.transport.LinkState;
import org.skywave.transport.SessionState;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * One Skywave station: opens its links, each with the durable queue and scheduler behind it
 * ({@link StationLink}), and joins them to the gate. What comes in goes to {@link Inbound}, which
 * routes it through the gate ({@link Router}) into the queues; HELLOs are {@link Hellos}', REJECTs
 * and bans {@link Offences}'. The data path is drawn in {@code docs/ARCHITECTURE.md}.
 *
 * <p>Every event (a frame in, a link state change, a timer) runs on the station's one thread
 * ({@link StationExecutor}), so the station's state needs no locks; storage calls block that
 * thread only for their commit.
 */
public final class Station implements AutoCloseable {

    /** How often queues are looked at even without an event: retry delays expire on their own. */
    private static final Duration PUMP_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final List<StationLinkSpec> specs;
    private final TransportRegistry registry;
    private final MessageStore store;
    private final StationExecutor executor;
    private final RandomGenerator random;
    private final Gate gate;
    private final PeerScores peers;
    private final MessageCodec codec = new MessageCodec();
    private final Map<String, StationLink> links = new LinkedHashMap<>();
    private final Hellos hellos;
    private final Router router;
    private final Inbound inbound;
    private final InboundBudget budget;
    private volatile boolean closed;
    private boolean pumpRequested;
    private final List<Runnable> nodeWakes = new CopyOnWriteArrayList<>();
    private final RecentEvents events;

    /** A station whose gate only routes (every relayed kind, no size cap or transmit limit): for tests and the demo. */
    public Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random) {
        this(name, specs, registry, store, executor, messageTtl, localDelivery, random, null, PeerScores.Limits.defaults());
    }

    /**
     * A station whose gate applies {@code gateConfig} (the {@code [gate]} section); peers are
     * banned at its {@code ban_score} for its {@code ban_minutes}, other peer limits are the defaults.
     */
    public Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random,
            GateConfig gateConfig) {
        this(name, specs, registry, store, executor, messageTtl, localDelivery, random,
                Objects.requireNonNull(gateConfig, "gateConfig"), PeerScores.Limits.forGate(gateConfig));
    }

    /** As above, with the limits peers are scored against; {@code gateConfig} null for a gate that only routes. */
    Station(String name, List<StationLinkSpec> specs, TransportRegistry registry, MessageStore store,
            StationExecutor executor, Duration messageTtl, LocalDelivery localDelivery, RandomGenerator random,
            GateConfig gateConfig, PeerScores.Limits peerLimits) {
        this.name = Objects.requireNonNull(name, "name");
        this.specs = List.copyOf(specs);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.store = Objects.requireNonNull(store, "store");
        this.executor = Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(messageTtl, "messageTtl");
        Objects.requireNonNull(localDelivery, "localDelivery");
        this.random = Objects.requireNonNull(random, "random");
        this.gate = gateConfig == null ? Gate.unrestricted() : new Gate(gateConfig, executor::nanoTime);
        this.peers = new PeerScores(peerLimits, executor::nanoTime);
        this.hellos = new Hellos(name, executor, random, codec);
        this.router = new Router(gate, links.values(), executor, messageTtl, codec);
        this.budget = new InboundBudget(executor::nanoTime);
        LogThrottle throttle = new LogThrottle(LogThrottle.DEFAULT_INTERVAL, executor::nanoTime);
        this.events = new RecentEvents(executor.clock());
        this.inbound = new Inbound(store, peers, codec, router, new Offences(peers, executor, codec, throttle, events), hellos, budget, throttle,
                localDelivery, this::requestPump, executor);
    }

    /**
     * Opens every link; they connect in the background and report through the log. The future
     * fails if a link cannot be opened at all (unknown scheme, port taken, queue unreadable).
     */
    public CompletableFuture<Void> start() {
        return onStationThread(() -> {
            for (StationLinkSpec spec : specs) {
                openLink(spec);
            }
            executor.schedule(PUMP_INTERVAL, this::pumpAll);
            Logger.info("station {}: started with {} link(s)", name, specs.size());
            return null;
        });
    }

    /**
     * Opens one more link, as a config reload asks: what the store still holds queued for a link of
     * that name (one removed or changed a moment ago) is sent on it. The future fails, leaving the
     * other links as they were, if the name is taken or the link cannot be opened.
     */
    public CompletableFuture<Void> addLink(StationLinkSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return onStationThread(() -> {
            if (links.containsKey(spec.name())) {
                throw new IllegalArgumentException("station " + name + " already has a link " + spec.name());
            }
            try {
                openLink(spec);
            } catch (TransportException | StoreException | RuntimeException e) {
                StationLink halfOpen = links.remove(spec.name());
                if (halfOpen != null) {
                    halfOpen.close();
                }
                throw e;
            }
            Logger.info("station {}: link {} added", name, spec.name());
            pumpAllLinks();
            return null;
        });
    }

    /**
     * Closes one link, as a config reload asks. What is queued for it stays in the store, to be
     * sent if a link of that name is added again; the other links go on undisturbed.
     */
    public CompletableFuture<Void> removeLink(String linkName) {
        Objects.requireNonNull(linkName, "linkName");
        return onStationThread(() -> {
            StationLink removed = links.remove(linkName);
            if (removed == null) {
                throw new IllegalArgumentException("station " + name + " has no link " + linkName);
            }
            removed.close();
            Logger.info("station {}: link {} removed", name, linkName);
            return null;
        });
    }

    /** Whether {@code link} is still one of this station's open links (not closed, nor removed by a reload). */
    private boolean isOpen(StationLink link) {
        return !closed && links.get(link.name()) == link;
    }

    private void openLink(StationLinkSpec spec) throws TransportException, StoreException {
        Transport transport = registry.forUri(spec.uri());
        StationLink stationLink = new StationLink(spec, station -> store.queue(spec.name(), station), executor, random,
                this::sendAck);
        links.put(spec.name(), stationLink);
        Link link = transport.open(spec.uri(), new LinkListener() {
            @Override
            public void onFrame(InboundFrame frame) {
                // Bounded here, on the link's thread: a flood from one peer never fills the station's queue.
                String peer = Inbound.peerOf(spec.name(), frame);
                int bytes = frame.payload().length;
                if (!budget.admit(peer, bytes)) {
                    inbound.droppedUnread(stationLink, peer);
                    return;
                }
                executor.execute(() -> {
                    try {
                        if (isOpen(stationLink)) { // not closed, nor removed by a reload
                            inbound.onFrame(stationLink, frame);
                        }
                    } finally {
                        budget.done(peer, bytes);
                    }
                });
            }

            @Override
            public void onStateChanged(LinkState state, String detail) {
                Logger.info("link {}: {}{}", spec.name(), state, detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
                events.stateChanged("link " + spec.name(), state.name(), detail);
                if (state == LinkState.UP) {
                    executor.execute(() -> {
                        // A link with sessions introduces this station per session, below.
                        if (isOpen(stationLink) && !stationLink.link().hasSessions()) {
                            hellos.sayHello(stationLink);
                        }
                    });
                }
                executor.execute(stationLink::pump);
            }

            @Override
            public void onProfileChanged(LinkProfile profile, String detail) {
                executor.execute(() -> stationLink.profileChanged(profile));
            }

            @Override
            public void onSession(LinkAddress peer, SessionState state, String detail) {
                executor.execute(() -> {
                    if (!isOpen(stationLink)) {
                        return; // closed, or removed by a reload
                    }
                    stationLink.sessionChanged(peer, state, detail);
                    if (state == SessionState.UP) {
                        hellos.sayHello(stationLink, peer);
                    }
                    stationLink.pump();
                });
            }

            @Override
            public void onChannelBusy(boolean busy) {
                executor.execute(stationLink::pump); // a free channel may let a waiting call go
            }

            @Override
            public void onWritabilityChanged(boolean writable) {
                executor.execute(stationLink::pump);
            }
        });
        stationLink.attach(link);
    }

    /**
     * Accepts a message from the operator or a node adapter, as if it came from the internet.
     * The future completes with the message's id only once it is durable in the queue of every
     * radio link it goes to; it fails with a {@link StoreException} if storage refused it.
     * A message the station has already seen (say, one a node echoes back after we gave it to
     * the node) is not sent again. {@link #submitReporting} says which links took it.
     */
    public CompletableFuture<MessageId> submit(Message message) {
        return submitReporting(message).thenApply(SubmitOutcome::id);
    }

    /**
     * As {@link #submit}, completing with what each link did with the message: queued it, or
     * refused it and why. Only a message some link queued is marked seen; the commit is shared
     * with whatever else the store is writing at the moment.
     */
    public CompletableFuture<SubmitOutcome> submitReporting(Message message) {
        CompletableFuture<SubmitOutcome> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                MessageId id = message.id();
                if (store.seenSet().contains(id)) {
                    Logger.debug("station {}: {} {} already seen, not sent again", name, message.kind(), id.shortHex());
                    result.complete(SubmitOutcome.seen(id));
                    return;
                }
                Router.Route route = router.route(null, message, 0);
                if (route.entries().isEmpty()) {
                    result.complete(new SubmitOutcome(id, List.of(), route.refused(), false));
                    return;
                }
                store.receiveAsync(id, router.expiry(), route.entries()).whenComplete((fresh, error) -> {
                    if (error != null) {
                        result.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error);
                        return;
                    }
                    executor.execute(this::requestPump);
                    result.complete(fresh ? new SubmitOutcome(id, route.links(), route.refused(), false) : SubmitOutcome.seen(id));
                });
            } catch (StoreException | RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Makes an attached node a destination like a link: every message from a link that
     * {@code takes} accepts is queued durably under {@code destination} in the same transaction
     * that marks it seen, for a delivery of the node's own to hand over ({@code NodeDelivery});
     * {@code wake} is told when something was queued. Call before {@link #start}.
     */
    public void deliverToNode(String destination, Predicate<Message> takes, Runnable wake) {
        router.addNode(new Router.NodeRoute(destination, takes));
        nodeWakes.add(Objects.requireNonNull(wake, "wake"));
    }

    /**
     * Adds a node whose best height this station's HELLOs report: they carry the highest any such
     * node knows, or 0 while none knows one. Any thread; {@code node} is read on the station thread
     * and must answer at once.
     */
    public void reportBestHeightOf(Supplier<OptionalLong> node) {
        hellos.reportBestHeightOf(node);
    }

    private void sendAck(StationLink link, LinkAddress to, List<MessageId> ids) {
        link.reply(to, codec.encode(link.ackFor(ids)));
    }

    private void pumpAll() {
        if (closed) {
            return;
        }
        // Rescheduled first: a fault below is caught at the thread's boundary and must not end the timer.
        executor.schedule(PUMP_INTERVAL, this::pumpAll);
        links.values().forEach(StationLink::expireFragments);
        hellos.refresh(links.values());
        pumpAllLinks();
    }

    /**
     * Pumps every link in a task of its own, once however often it is asked before it runs: what
     * asked (a submission, a message stored) has its answer whatever the pump then meets.
     */
    private void requestPump() {
        if (!pumpRequested) {
            pumpRequested = true;
            executor.execute(() -> {
                pumpRequested = false;
                pumpAllLinks();
                nodeWakes.forEach(Runnable::run);
            });
        }
    }

    private void pumpAllLinks() {
        links.values().forEach(StationLink::pump);
    }

    /** Per-link figures, keyed by link name, read on the station thread. */
    public CompletableFuture<Map<String, StationLinkStatus>> status() {
        return onStationThread(() -> {
            Map<String, StationLinkStatus> result = new LinkedHashMap<>();
            Map<String, List<PeerBan>> bans = PeerBan.byLink(peers.bans(), executor.clock().instant());
            for (StationLink link : links.values()) {
                result.put(link.name(), link.status().withBans(bans.getOrDefault(link.name(), List.of())));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * What each link knows of sending {@code id} (sends, the last one, whether one is under way),
     * keyed by link name; links that have not sent it are left out. Read on the station thread.
     */
    public CompletableFuture<Map<String, LinkSends>> sends(MessageId id) {
        Objects.requireNonNull(id, "id");
        return onStationThread(() -> {
            Map<String, LinkSends> result = new LinkedHashMap<>();
            Instant now = executor.clock().instant();
            long nowNanos = executor.nanoTime();
            for (StationLink link : links.values()) {
                link.transmission(id).ifPresent(t -> result.put(link.name(), new LinkSends(t.sends(),
                        t.sends() == 0 ? null : now.minusNanos(nowNanos - t.lastSentNanos()), t.sendingNow())));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /** The gate's drops by reason and the peers' bans, read on the station thread. */
    public CompletableFuture<GateStatus> gateStatus() {
        return onStationThread(() -> new GateStatus(gate.drops(), peers.bansImposed(), peers.framesDroppedWhileBanned(),
                peers.messagesRefused()));
    }

    /** The recent operator-relevant events: links up and down, bans, and what nodes and the store add. */
    public RecentEvents events() {
        return events;
    }

    public String name() {
        return name;
    }

    /** Unexpected exceptions the station thread caught and carried on after (see {@link StationFaults}); any thread. */
    public long unexpectedFaults() {
        return executor.faults().count();
    }

    /** Closes the links and stops the station's timers; the store stays open (its owner closes it). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<StationLink> toClose = new ArrayList<>(links.values());
        toClose.forEach(StationLink::close);
        executor.close();
        Logger.info("station {}: stopped", name);
    }

    /** Runs {@code task} on the station thread; its exception, checked or not, fails the future. */
    private <T> CompletableFuture<T> onStationThread(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
