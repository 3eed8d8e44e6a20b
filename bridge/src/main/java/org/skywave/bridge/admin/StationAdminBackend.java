package org.skywave.bridge.admin;

import java.util.ArrayList;
import java.util.Collections;
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
import org.skywave.bridge.station.Station;
import org.skywave.bridge.station.StationLinkSpec;
import org.skywave.bridge.station.StationLinkStatus;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.StoreException;
import org.skywave.bridge.store.StoreFullException;
import org.skywave.bridge.store.StoreHealth;

/**
 * The admin API over a running {@link Station} and its {@link MessageStore}. Submissions go
 * through {@link Station#submit}, which the gate sends to every radio link; progress is read from
 * the links' queues on a thread of this backend's own, never the caller's.
 *
 * <p>The ids submitted here are remembered (the last {@value #REMEMBERED_SUBMISSIONS}), so that a
 * transaction that has left a queue is told apart from one that was never in it.
 */
public final class StationAdminBackend implements AdminBackend, AutoCloseable {

    /** Enough for an operator's recent submissions; 32-byte ids and a list reference each. */
    static final int REMEMBERED_SUBMISSIONS = 1_024;

    private final Station station;
    private final MessageStore store;
    private final List<StationLinkSpec> links;
    private final List<String> radioLinks;
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
        this.links = List.copyOf(links);
        this.defaultNetwork = Objects.requireNonNull(defaultNetwork, "defaultNetwork");
        if (defaultNetwork == Network.BUNKERCOIN) {
            throw new IllegalArgumentException("default network must be a Bitcoin network: " + defaultNetwork);
        }
        this.radioLinks = this.links.stream().filter(StationLinkSpec::radio).map(StationLinkSpec::name).toList();
        this.storeReads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "admin-store-reads");
            t.setDaemon(true);
            return t;
        });
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
    public CompletableFuture<List<StationLinkStatus>> links() {
        return station.status().thenApply(byName -> List.copyOf(byName.values()));
    }

    @Override
    public CompletableFuture<Submission> submit(TxMessage tx) {
        if (radioLinks.isEmpty()) {
            return CompletableFuture.failedFuture(new SubmitRefusedException(
                    "station " + station.name() + " has no radio link to send a transaction on"));
        }
        return station.submit(tx).handle((id, error) -> {
            if (error != null) {
                throw new CompletionException(refusal(error));
            }
            submitted.put(id, radioLinks);
            return new Submission(id, radioLinks);
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
        return CompletableFuture.supplyAsync(() -> {
            try {
                return readProgress(id);
            } catch (StoreException e) {
                throw new CompletionException(e);
            }
        }, storeReads);
    }

    private Optional<TxProgress> readProgress(MessageId id) throws StoreException {
        List<String> queuedAtSubmission = submitted.getOrDefault(id, List.of());
        List<LinkProgress> progress = new ArrayList<>(links.size());
        boolean known = !queuedAtSubmission.isEmpty();
        for (StationLinkSpec link : links) {
            if (store.queue(link.name()).contains(id)) {
                known = true;
                progress.add(new LinkProgress(link.name(), State.QUEUED, link.repeats() == 0
                        ? "waiting to be sent, or sent and awaiting the far station's acknowledgement"
                        : "waiting to be sent " + link.repeats() + " time(s)"));
            } else if (queuedAtSubmission.contains(link.name())) {
                progress.add(new LinkProgress(link.name(), State.LEFT_QUEUE, link.repeats() == 0
                        ? "acknowledged by the far station (or expired unsent)"
                        : "sent " + link.repeats() + " time(s) (or expired unsent)"));
            } else {
                progress.add(new LinkProgress(link.name(), State.NOT_QUEUED, link.radio()
                        ? "not in this link's queue" : "not in this link's queue (an internet link)"));
            }
        }
        return known ? Optional.of(new TxProgress(id, progress)) : Optional.empty();
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
