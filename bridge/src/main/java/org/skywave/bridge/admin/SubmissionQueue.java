package org.skywave.bridge.admin;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.skywave.bridge.message.TxMessage;

/**
 * Admin submissions on their way to the station: at most {@link #MAX_IN_PROGRESS} at the backend
 * at once, up to {@link #MAX_WAITING} more (and {@link #MAX_WAITING_BYTES} of transactions) waiting
 * their turn in arrival order. Past that the caller is told to come back later (HTTP 429 with
 * {@code Retry-After}), so a burst is absorbed and a flood is bounded. Thread-safe.
 */
final class SubmissionQueue {

    /** Submissions at the backend at once: each is a store transaction the station thread waits on. */
    static final int MAX_IN_PROGRESS = 4;
    /** Waiting submissions: a burst from a wallet or a script, far more than one operator sends by hand. */
    static final int MAX_WAITING = 64;
    /** Transaction bytes held by waiting submissions, against the appliance's 64 MiB heap. */
    static final long MAX_WAITING_BYTES = 8L * 1024 * 1024;
    /** What {@code Retry-After} says when the queue is full: about the time a burst of 64 takes to store. */
    static final int RETRY_AFTER_SECONDS = 1;

    private record Waiting(TxMessage tx, CompletableFuture<Submission> answer) {
    }

    private final Function<TxMessage, CompletableFuture<Submission>> backend;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>(); // guarded by this
    private long waitingBytes; // guarded by this
    private int inProgress; // guarded by this

    SubmissionQueue(Function<TxMessage, CompletableFuture<Submission>> backend) {
        this.backend = backend;
    }

    /** The submission's answer, or empty when the queue is full (nothing was submitted). */
    Optional<CompletableFuture<Submission>> offer(TxMessage tx) {
        CompletableFuture<Submission> answer = new CompletableFuture<>();
        synchronized (this) {
            if (inProgress >= MAX_IN_PROGRESS) {
                if (waiting.size() >= MAX_WAITING || waitingBytes + tx.size() > MAX_WAITING_BYTES) {
                    return Optional.empty();
                }
                waiting.add(new Waiting(tx, answer));
                waitingBytes += tx.size();
                return Optional.of(answer);
            }
            inProgress++;
        }
        start(new Waiting(tx, answer));
        return Optional.of(answer);
    }

    /** Submissions at the backend and waiting, for the error text. */
    synchronized String describe() {
        return inProgress + " in progress, " + waiting.size() + " waiting (at most " + MAX_WAITING + ")";
    }

    private void start(Waiting next) {
        CompletableFuture<Submission> submitted;
        try {
            submitted = backend.apply(next.tx());
        } catch (RuntimeException e) {
            submitted = CompletableFuture.failedFuture(e);
        }
        submitted.whenComplete((done, error) -> {
            if (error == null) {
                next.answer().complete(done);
            } else {
                next.answer().completeExceptionally(error);
            }
            finished();
        });
    }

    private void finished() {
        Waiting next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inProgress--;
                return;
            }
            waitingBytes -= next.tx().size();
        }
        start(next);
    }
}
