package org.skywave.bridge.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;

/** A backend the tests set up: fixed links and health, recorded submissions, scripted answers. */
public final class FakeAdminBackend implements AdminBackend {

    public volatile String stationName = "A";
    public volatile Network defaultNetwork = Network.BITCOIN_REGTEST;
    public volatile StoreHealth health = new StoreHealth(StoreHealth.Status.HEALTHY, "", Instant.parse("2025-01-01T00:00:00Z"));
    public volatile List<StationLinkStatus> links = List.of();
    public volatile List<QueueStats> queues = List.of();
    public volatile List<NodeStatus> nodes = List.of();
    public volatile List<RecentEvents.Event> events = List.of();
    /** Every transaction submitted, in order. */
    public final List<TxMessage> submitted = new CopyOnWriteArrayList<>();
    /** How a submission is answered; by default at once, queued on link "radio". */
    public volatile Function<TxMessage, CompletableFuture<Submission>> onSubmit =
            tx -> CompletableFuture.completedFuture(new Submission(tx.id(), List.of("radio")));
    public final Map<MessageId, TxProgress> progress = new ConcurrentHashMap<>();

    @Override
    public String stationName() {
        return stationName;
    }

    @Override
    public Network defaultNetwork() {
        return defaultNetwork;
    }

    @Override
    public StoreHealth storeHealth() {
        return health;
    }

    @Override
    public CompletableFuture<List<StationLinkStatus>> links() {
        return CompletableFuture.completedFuture(links);
    }

    @Override
    public CompletableFuture<List<QueueStats>> queues() {
        return CompletableFuture.completedFuture(queues);
    }

    @Override
    public CompletableFuture<List<NodeStatus>> nodes() {
        return CompletableFuture.completedFuture(nodes);
    }

    @Override
    public List<RecentEvents.Event> events() {
        return events;
    }

    @Override
    public CompletableFuture<Submission> submit(TxMessage tx) {
        submitted.add(tx);
        return onSubmit.apply(tx);
    }

    @Override
    public CompletableFuture<Optional<TxProgress>> progress(MessageId id) {
        return CompletableFuture.completedFuture(Optional.ofNullable(progress.get(id)));
    }
}
