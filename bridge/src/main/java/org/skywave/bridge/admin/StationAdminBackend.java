package org.skywave.bridge.admin;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.admin.TxProgress.LinkProgress;
import org.skywave.bridge.admin.TxProgress.State;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.NodeAttachment;
import org.skywave.bridge.station.LinkSends;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.Departure;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.QueuedStatus;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreFullException;
import org.skywave.bridge.store.StoreHealth;
import org.tinylog.Logger;

/**
 * The admin API over a running {@link Station} and its {@link MessageStore}. Submissions go
 * through {@link Station#submit}, which the gate sends to every radio link. Progress on each link
 * comes from the link's queue (attempts, next attempt), the store's memory of recent departures
 * (acknowledged, expired, evicted) and the link's scheduler (a send under way, the last one); the
 * store is read on a thread of this backend's own, never the caller's.
 *
 * <p>The ids submitted here are remembered (the last {@value #REMEMBERED_SUBMISSIONS}), so that a
 * transaction that has left a queue is told apart from one that was never in it, even once the
 * store no longer remembers how it left.
 */
public final class StationAdminBackend implements AdminBackend, AutoCloseable {

    /** Enough for an operator's recent submissions; 32-byte ids and a list reference each. */
    static final int REMEMBERED_SUBMISSIONS = 1_024;

    private final Station station;
    private final MessageStore store;
    private volatile List<StationLinkSpec> links;
    private volatile List<String> radioLinks;
    private volatile List<NodeAttachment> nodes = List.of();
    private final Network defaultNetwork;
    private final ExecutorService storeReads;
    private final Map<MessageId, List<String>> submitted = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<MessageId, List<String>> eldest) {
                    return size() > REMEMBERED_SUBMISSIONS;
                }
            });

    /**
     * @param links          the specs the station was built with (which links are radio, their repeats)
     * @param defaultNetwork the network of a submission that names none; a Bitcoin network
     */
    public StationAdminBackend(Station station, MessageStore store, List<StationLinkSpec> links, Network defaultNetwork) {
        this.station = Objects.requireNonNull(station, "station");
        this.store = Objects.requireNonNull(store, "store");
        this.defaultNetwork = Objects.requireNonNull(defaultNetwork, "defaultNetwork");
        if (defaultNetwork == Network.BUNKERCOIN) {
            throw new IllegalArgumentException("default network must be a Bitcoin network: " + defaultNetwork);
        }
        useLinks(links);
        this.storeReads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-store-reads");
            t.setDaemon(true);
            return t;
        });
    }

    /** The station's links after a config reload added, removed or changed some. */
    public void useLinks(List<StationLinkSpec> current) {
        List<StationLinkSpec> copy = List.copyOf(current);
        this.radioLinks = copy.stream().filter(StationLinkSpec::radio).map(StationLinkSpec::name).toList();
        this.links = copy;
    }

    /** The nodes attached to the station, for the status; none until this is called. */
    public void useNodes(List<NodeAttachment> attached) {
        this.nodes = List.copyOf(attached);
    }

    @Override
    public String stationName() {
        return station.name();
    }

    @Override
    public Network defaultNetwork() {
        return defaultNetwork;
    }

    @Override
    public StoreHealth storeHealth() {
        return store.health();
    }

    @Override
    public long stationFaults() {
        return station.unexpectedFaults();
    }

    @Override
    public CompletableFuture<List<StationLinkStatus>> links() {
        return station.status().thenApply(byName -> List.copyOf(byName.values()));
    }

    @Override
    public CompletableFuture<List<QueueStats>> queues() {
        return CompletableFuture.supplyAsync(this::readQueues, storeReads);
    }

    @Override
    public CompletableFuture<List<NodeStatus>> nodes() {
        List<NodeAttachment> attached = this.nodes;
        if (attached.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Long> depths = new HashMap<>();
            long absent = 0; // a node's queue missing from the stats is empty...
            try {
                for (QueueStats queue : store.stats()) {
                    depths.put(queue.destination(), queue.depth());
                }
            } catch (StoreException e) {
                Logger.warn("admin: cannot read the node queues: {}", e.getMessage());
                absent = -1; // ...unless the store could not be read: then "?", not 0
            }
            long unknown = absent;
            return attached.stream().map(node -> new NodeStatus(node.name(), node.network().name(), node.state().name(),
                    node.bestHeight().orElse(-1), depths.getOrDefault(node.destination(), unknown))).toList();
        }, storeReads);
    }

    @Override
    public List<RecentEvents.Event> events() {
        return station.events().list();
    }

    /** Every queue's stats, or none (logged) when the store cannot be read: the rest of the status still shows. */
    private List<QueueStats> readQueues() {
        try {
            return store.stats();
        } catch (StoreException e) {
            Logger.warn("admin: cannot read the queue stats: {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public CompletableFuture<Submission> submit(TxMessage tx) {
        List<String> radioLinks = this.radioLinks; // one reading, should a reload change them meanwhile
        if (radioLinks.isEmpty()) {
            return CompletableFuture.failedFuture(new SubmitRefusedException(
                    "station " + station.name() + " has no radio link to send a transaction on"));
        }
        return station.submitReporting(tx).handle((outcome, error) -> {
            if (error != null) {
                throw new CompletionException(refusal(error));
            }
            if (outcome.accepted()) {
                submitted.put(outcome.id(), outcome.queued());
            }
            return new Submission(outcome.id(), outcome.queued(), outcome.refused(), outcome.alreadySeen());
        });
    }

    private static Throwable refusal(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (cause instanceof StoreFullException) {
            return new SubmitRefusedException("the store is full: " + cause.getMessage(), cause);
        }
        if (cause instanceof StoreException) {
            return new SubmitRefusedException("the store cannot take writes: " + cause.getMessage(), cause);
        }
        return cause;
    }

    @Override
    public CompletableFuture<Optional<TxProgress>> progress(MessageId id) {
        Objects.requireNonNull(id, "id");
        // The scheduler's view first (station thread, memory only), then the store (this backend's thread).
        return station.sends(id).thenApplyAsync(sends -> {
            try {
                return readProgress(id, sends);
            } catch (StoreException e) {
                throw new CompletionException(e);
            }
        }, storeReads);
    }

    private Optional<TxProgress> readProgress(MessageId id, Map<String, LinkSends> sends) throws StoreException {
        List<String> queuedAtSubmission = submitted.getOrDefault(id, List.of());
        List<StationLinkSpec> links = this.links;
        List<LinkProgress> progress = new ArrayList<>(links.size());
        boolean known = !queuedAtSubmission.isEmpty();
        for (StationLinkSpec link : links) {
            // A link that names far stations holds the message once per station: queued while any still has it.
            Optional<QueuedStatus> queued = Optional.empty();
            Optional<Departure> departure = Optional.empty();
            for (String station : link.peers().isEmpty() ? List.of(QueuedMessage.ANY_STATION) : link.peers()) {
                MessageQueue queue = store.queue(link.name(), station);
                queued = queue.status(id);
                if (queued.isPresent()) {
                    departure = Optional.empty();
                    break;
                }
                departure = departure.isPresent() ? departure : queue.departure(id);
            }
            if (queued.isPresent()) {
                known = true;
                progress.add(whileQueued(link, queued.get(), sends.get(link.name())));
            } else if (departure.isPresent()) {
                known = true;
                progress.add(afterDeparture(link, departure.get(), sends.get(link.name())));
            } else if (queuedAtSubmission.contains(link.name())) {
                progress.add(new LinkProgress(link.name(), State.LEFT_QUEUE, "left the queue; how is no longer remembered"
                        + " (acknowledged, sent, expired or evicted): the station restarted or many messages left since"));
            } else {
                progress.add(new LinkProgress(link.name(), State.NOT_QUEUED, link.radio()
                        ? "not in this link's queue" : "not in this link's queue (an internet link)"));
            }
        }
        return known ? Optional.of(new TxProgress(id, progress)) : Optional.empty();
    }

    /** Queued, being sent, or sent and waiting: the queue counts attempts, the scheduler knows of the send under way. */
    private static LinkProgress whileQueued(StationLinkSpec link, QueuedStatus queued, LinkSends sends) {
        Instant lastSent = lastSent(sends);
        int attempts = Math.max(queued.attempts(), sends == null ? 0 : sends.sends());
        if (sends != null && sends.sendingNow()) {
            return new LinkProgress(link.name(), State.SENDING, "being sent now (attempt " + (attempts + 1) + ")",
                    attempts, lastSent, null, null);
        }
        if (attempts == 0) {
            return new LinkProgress(link.name(), State.QUEUED, "in the durable queue, not sent yet", 0, null,
                    queued.nextAttemptAt(), null);
        }
        String last = lastSent == null ? "" : ", the last at " + lastSent;
        String detail = link.repeats() == 0
                ? "sent, awaiting the far station's acknowledgement: " + attempts + " attempt(s)" + last
                        + "; sent again after " + queued.nextAttemptAt() + " if none comes"
                : "sent " + attempts + " of " + queued.repeats() + " time(s)" + last + "; next after " + queued.nextAttemptAt();
        return new LinkProgress(link.name(), State.SENT, detail, attempts, lastSent, queued.nextAttemptAt(), null);
    }

    /** Milliseconds, as the store keeps its times: the scheduler's come from a nanosecond clock. */
    private static Instant lastSent(LinkSends sends) {
        return sends == null || sends.lastSentAt() == null ? null : sends.lastSentAt().truncatedTo(ChronoUnit.MILLIS);
    }

    private static LinkProgress afterDeparture(StationLinkSpec link, Departure departure, LinkSends sends) {
        Instant lastSent = lastSent(sends);
        int attempts = departure.attempts();
        String after = " after " + attempts + " attempt(s)";
        return switch (departure.reason()) {
            case ACKNOWLEDGED -> new LinkProgress(link.name(), State.ACKNOWLEDGED,
                    "acknowledged by the far station" + after, attempts, lastSent, null, departure.at());
            case REPEATS_SENT -> new LinkProgress(link.name(), State.REPEATS_SENT,
                    "sent its " + attempts + " repeat(s); a broadcast-only link gets no acknowledgement", attempts, lastSent,
                    null, departure.at());
            case EXPIRED -> new LinkProgress(link.name(), State.EXPIRED,
                    "dropped: its time-to-live ran out" + after, attempts, lastSent, null, departure.at());
            case EVICTED -> new LinkProgress(link.name(), State.EVICTED,
                    "dropped to make room in the full store" + after, attempts, lastSent, null, departure.at());
            case QUARANTINED -> new LinkProgress(link.name(), State.QUARANTINED,
                    "moved to the quarantine table: its stored row could not be used", attempts, lastSent, null,
                    departure.at());
        };
    }

    /** Stops the thread that reads progress; the station and the store belong to their owner. */
    @Override
    public void close() {
        storeReads.shutdownNow();
        try {
            storeReads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
