package org.skywave.bridge.node;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreException;
import org.tinylog.Logger;

/**
 * Hands the transactions queued durably for one node to it. A transaction leaves the node's
 * queue only once the node took it (for Bitcoin: it asked for it with getdata and was sent it,
 * or it already had it; for JSON lines: the line was written and flushed to it); otherwise it is
 * tried again later, across node restarts and station restarts alike, until its TTL runs out.
 *
 * <p>Runs on a thread of its own, so that a slow node or a commit never holds up the station's
 * thread. At most {@link #WINDOW} transactions are with the adapter at once.
 */
public final class NodeDelivery implements AutoCloseable {

    /** Submissions outstanding at once: well under the adapters' own bound (1,000) and enough to keep a node busy. */
    static final int WINDOW = 64;
    /** How often the queue is looked at without a wake-up: retry delays run out on their own. */
    static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** The first retry after a node did not take a transaction; doubled per attempt up to {@link #MAX_RETRY_DELAY}. */
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(2);
    static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(2);

    private final String node;
    private final MessageQueue queue;
    private final NodeAdapter adapter;
    private final Function<byte[], Optional<byte[]>> rawTransactionOf;
    private final ScheduledExecutorService thread;
    // On the delivery thread only.
    private final Set<MessageId> inFlight = new HashSet<>();
    private boolean pumpQueued;
    private final AtomicLong delivered = new AtomicLong();

    /**
     * @param rawTransactionOf the raw transaction a queued payload carries for this node, or empty
     *                         for a payload that is not one (it is quarantined)
     */
    public NodeDelivery(String node, MessageQueue queue, NodeAdapter adapter, Function<byte[], Optional<byte[]>> rawTransactionOf) {
        this.node = Objects.requireNonNull(node, "node");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.adapter = Objects.requireNonNull(adapter, "adapter");
        this.rawTransactionOf = Objects.requireNonNull(rawTransactionOf, "rawTransactionOf");
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-delivery-" + node);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts looking at the queue; call once. */
    public void start() {
        thread.scheduleWithFixedDelay(() -> guarded(this::pump), 0, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Something was queued for the node, or the node came up: look now rather than at the next poll. Any thread. */
    public void wake() {
        execute(this::pump);
    }

    /** Transactions the node took since start. */
    public long delivered() {
        return delivered.get();
    }

    public String destination() {
        return queue.destination();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        if (adapter.state() != NodeState.UP || inFlight.size() >= WINDOW) {
            return;
        }
        List<QueuedMessage> ready;
        try {
            ready = queue.peek(WINDOW + inFlight.size());
        } catch (StoreException e) {
            Logger.error("node {}: cannot read its queue: {}", node, e.getMessage());
            return;
        } catch (IllegalStateException closed) {
            return; // the store closed under us: the daemon is stopping
        }
        for (QueuedMessage message : ready) {
            if (inFlight.size() >= WINDOW) {
                break;
            }
            if (inFlight.add(message.id())) {
                hand(message);
            }
        }
    }

    private void hand(QueuedMessage message) {
        MessageId id = message.id();
        Optional<byte[]> raw = rawTransactionOf.apply(message.payload());
        if (raw.isEmpty()) {
            quarantine(id);
            return;
        }
        adapter.submitTransaction(raw.get()).whenComplete((ignored, error) -> execute(() -> {
            if (error == null) {
                taken(message, "taken");
            } else {
                askWhetherItHasIt(message, raw.get(), error);
            }
        }));
    }

    /** A failed submission may still have reached the node: a Bitcoin node does not ask for what it has. */
    private void askWhetherItHasIt(QueuedMessage message, byte[] raw, Throwable submitError) {
        adapter.alreadyHas(raw).whenComplete((has, error) -> execute(() -> {
            if (error == null && Boolean.TRUE.equals(has)) {
                taken(message, "already held");
            } else {
                Duration delay = retryDelay(message.attempts() + 1);
                Logger.info("node {}: transaction {} not taken ({}); trying again in {}", node, message.id().shortHex(),
                        rootMessage(submitError), delay);
                settle(message.id(), queue.retryLaterAsync(message.id(), delay));
            }
        }));
    }

    private void taken(QueuedMessage message, String how) {
        delivered.incrementAndGet();
        Logger.info("node {}: transaction {} {} by the node", node, message.id().shortHex(), how);
        settle(message.id(), queue.ackAsync(message.id()));
    }

    /** Keeps {@code id} in flight until its queue update committed, so that it is not peeked and sent again before. */
    private void settle(MessageId id, CompletableFuture<?> update) {
        update.whenComplete((ignored, error) -> execute(() -> {
            if (error != null) {
                Logger.error("node {}: cannot record the delivery of {}: {}", node, id.shortHex(), rootMessage(error));
            }
            inFlight.remove(id);
            pumpSoon();
        }));
    }

    private void quarantine(MessageId id) {
        try {
            queue.quarantine(id, "not a transaction for node " + node);
        } catch (StoreException e) {
            Logger.error("node {}: cannot quarantine {}: {}", node, id.shortHex(), e.getMessage());
        }
        inFlight.remove(id);
    }

    /** One pump for however many settlements come in before it runs. */
    private void pumpSoon() {
        if (!pumpQueued) {
            pumpQueued = true;
            execute(() -> {
                pumpQueued = false;
                pump();
            });
        }
    }

    static Duration retryDelay(int attempts) {
        int doublings = Math.min(Math.max(0, attempts - 1), 16);
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private void execute(Runnable task) {
        try {
            thread.execute(() -> guarded(task));
        } catch (RejectedExecutionException closed) {
            // Closing: what is in flight stays queued and is delivered after the next start.
        }
    }

    /** This thread's boundary: a bug in one delivery is logged and the next goes on. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            Logger.error(e, "node {}: unexpected {} while delivering; carrying on", node, e.getClass().getSimpleName());
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
