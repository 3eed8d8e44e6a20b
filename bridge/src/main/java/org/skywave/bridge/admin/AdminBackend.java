package org.skywave.bridge.admin;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.station.RecentEvents;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.QueueStats;
import org.skywave.bridge.store.StoreHealth;

/**
 * What the admin API asks of a station. It exists so that {@link AdminServer} can be run and
 * tested without a real station; {@link StationAdminBackend} is the implementation over one.
 *
 * <p>Methods returning futures may do blocking work (storage reads) but must not block the
 * caller: the server calls them on its network thread.
 */
public interface AdminBackend {

    /** The station's name, as in {@code [station] name}. */
    String stationName();

    /** The network a submitted transaction belongs to when the request names none. */
    Network defaultNetwork();

    /** Whether the store takes writes now; cheap, never blocks. */
    StoreHealth storeHealth();

    /** Unexpected exceptions the station thread caught and carried on after; cheap, never blocks. */
    default long stationFaults() {
        return 0;
    }

    /** Every link's figures, in the order the config declares them. */
    CompletableFuture<List<StationLinkStatus>> links();

    /** Every queue's figures (the links' and the nodes'), by destination name; may read the store. */
    default CompletableFuture<List<QueueStats>> queues() {
        return CompletableFuture.completedFuture(List.of());
    }

    /** Every attached node, in the order the config declares them; may read the store. */
    default CompletableFuture<List<NodeStatus>> nodes() {
        return CompletableFuture.completedFuture(List.of());
    }

    /** The recent operator-relevant events, oldest first; cheap, never blocks. */
    default List<RecentEvents.Event> events() {
        return List.of();
    }

    /** Links, queues, nodes and events together, for the status page and {@code GET /status}. */
    default CompletableFuture<StationOverview> overview() {
        CompletableFuture<List<StationLinkStatus>> links = links();
        CompletableFuture<List<QueueStats>> queues = queues();
        CompletableFuture<List<NodeStatus>> nodes = nodes();
        // join() cannot block here: allOf completes only once all three have.
        return CompletableFuture.allOf(links, queues, nodes)
                .thenApply(done -> new StationOverview(links.join(), queues.join(), nodes.join(), events()));
    }

    /**
     * Queues {@code tx} for relay. The future completes only once the transaction is durable in
     * the queue of every link it goes to; it fails with {@link SubmitRefusedException} when the
     * station cannot take it (nowhere to send it, store full or failing).
     */
    CompletableFuture<Submission> submit(TxMessage tx);

    /** Where {@code id} stands on each link, or empty if this station knows nothing of it. */
    CompletableFuture<Optional<TxProgress>> progress(MessageId id);
}
