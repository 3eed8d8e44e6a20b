package org.skywave.bridge.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;

/**
 * The single thread that writes the database. Callers hand it an operation and wait; it runs
 * every operation waiting at that moment (up to {@code maxBatch}) in one transaction, and
 * completes their futures only after {@code commit()} returns. If the transaction fails, every
 * future of the batch fails and nothing is reported durable (the Artemis JDBC journal pattern).
 * An operation that fails on its own (a refusal, a caller bug) is rolled back to its savepoint
 * without disturbing the others.
 *
 * <p>A transaction takes at most {@code maxBatch} operations and about a quarter of the WAL's
 * bound in payload bytes ({@link WalBound}), so that the WAL stays within it. While writes fail
 * (disk full, read-only), the writer checkpoints the WAL, which frees the space it holds once
 * the disk has room for the database, and tries one small write every {@link #RECOVERY_PROBE_INTERVAL},
 * so the store becomes healthy again by itself when the fault clears, even with nothing to write.
 */
final class StoreWriter {

    /** One unit of work run inside the batch transaction. */
    @FunctionalInterface
    interface Op<T> {
        T apply(WriteBatch batch) throws SQLException, StoreException;
    }

    /**
     * An operation, its caller's future, the payload bytes it writes (0 when small), and whether
     * its commit must reach the disk before the caller hears back ({@link #submitRelaxed}).
     */
    private record Pending<T>(Op<T> op, CompletableFuture<T> future, long bytes, boolean durable) {
        Pending(Op<T> op, CompletableFuture<T> future, long bytes) {
            this(op, future, bytes, true);
        }
    }

    private static final Pending<Void> POISON = new Pending<>(batch -> null, new CompletableFuture<>(), 0);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** While writes fail, how often the writer checkpoints and tries a write to see if the fault has cleared. */
    static final Duration RECOVERY_PROBE_INTERVAL = Duration.ofSeconds(1);
    /** The recovery probe: gives the one row of {@code write_probe} a new value, so that it writes one page. */
    private static final String PROBE = "INSERT INTO write_probe (id, value) VALUES (1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET value = excluded.value";

    private final Connection connection;
    private final Path file;
    private final StoreOptions options;
    private final StoreMonitor monitor;
    private final StoreTotals totals;
    private final Op<Void> maintenance;
    private final Runnable afterMaintenance;
    private final SqlStatements statements;
    private final WalBound walBound;
    private final BlockingQueue<Pending<?>> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final int maxBatch;
    private boolean closed; // guarded by this
    /** Operations handed over and not completed yet; guarded by this. */
    private int outstanding;
    private final java.util.concurrent.atomic.AtomicLong commits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong relaxedCommits = new java.util.concurrent.atomic.AtomicLong();
    /** True while the connection is at synchronous NORMAL for relaxed operations; writer thread only. */
    private boolean atNormal;

    StoreWriter(Connection connection, Path file, StoreOptions options, StoreMonitor monitor, StoreTotals totals,
                Op<Void> maintenance, Runnable afterMaintenance) {
        this.connection = connection;
        this.file = file;
        this.options = options;
        this.monitor = monitor;
        this.totals = totals;
        this.maintenance = maintenance;
        this.afterMaintenance = afterMaintenance;
        this.statements = new SqlStatements(connection);
        this.walBound = new WalBound(connection, file, options.walMaxBytes());
        this.maxBatch = options.commitMode() == StoreOptions.CommitMode.GROUP ? options.maxBatch() : 1;
        this.thread = new Thread(this::run, "skywave-store-writer " + file.getFileName());
        this.thread.setDaemon(true);
    }

    /** Sets the WAL's bound on the connection (before {@link #start}). */
    void configure() throws SQLException {
        walBound.configure();
    }

    void start() {
        thread.start();
    }

    /** Runs {@code op} in the next transaction and returns its result once that transaction committed. */
    <T> T execute(Op<T> op) throws StoreException {
        return execute(op, 0);
    }

    /** As {@link #execute(Op)}, for an operation that writes about {@code bytes} of payload. */
    <T> T execute(Op<T> op, long bytes) throws StoreException {
        return await(new Pending<>(op, new CompletableFuture<>(), bytes));
    }

    /** As {@link #execute(Op)}, for an operation whose loss in a power cut costs only a re-send ({@link #submitRelaxed}). */
    <T> T executeRelaxed(Op<T> op) throws StoreException {
        return await(new Pending<>(op, new CompletableFuture<>(), 0, false));
    }

    private <T> T await(Pending<T> request) throws StoreException {
        monitor.checkWritable();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            outstanding++;
            pending.add(request);
        }
        Duration timeout = options.writeTimeout();
        try {
            return request.future().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreException("write to " + file + " not confirmed within " + timeout
                    + "; treat it as not stored (it may still commit)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the commit to " + file
                    + "; treat the write as not stored (it may still commit)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StoreException store) {
                throw store;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StoreException("write to " + file + " failed: " + cause, cause);
        }
    }

    /**
     * Queues {@code op} for the next transaction without waiting: the future completes on the
     * writer thread once that transaction committed (or fails as {@link #execute} would throw).
     * Callers that hand the writer many operations at once this way share one commit; the station
     * thread uses it so that a burst of messages costs one fsync, not one each.
     */
    <T> CompletableFuture<T> submit(Op<T> op) {
        return submit(op, 0);
    }

    /** As {@link #submit(Op)}, for an operation that writes about {@code bytes} of payload. */
    <T> CompletableFuture<T> submit(Op<T> op, long bytes) {
        return hand(new Pending<>(op, new CompletableFuture<>(), bytes));
    }

    /**
     * As {@link #submit(Op)}, for an operation whose loss in a power cut costs only a harmless
     * re-send: recording that a message was sent or retried, removing an acknowledged one (the
     * receiver's seen-set drops the duplicate). A transaction holding only such operations is
     * committed without its own fsync, even under synchronous FULL; it is visible at once, survives
     * a killed process like any commit, and reaches the disk with the next durable commit (whose
     * fsync covers the whole WAL, written in order) or the kernel's writeback. A power cut before
     * then undoes it as a whole: the database stays consistent and nothing accepted is lost.
     */
    <T> CompletableFuture<T> submitRelaxed(Op<T> op) {
        return hand(new Pending<>(op, new CompletableFuture<>(), 0, false));
    }

    private <T> CompletableFuture<T> hand(Pending<T> request) {
        try {
            monitor.checkWritable();
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        }
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IllegalStateException("closed"));
            }
            outstanding++;
            pending.add(request);
        }
        return request.future();
    }

    /**
     * Waits until every operation handed over so far has completed, its future's callbacks run,
     * for at most {@code timeout}; true if none is left. A simulation on virtual time calls it
     * after each event, so that what a commit sets off happens at the same virtual moment every run.
     */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (outstanding > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void completed(int count) {
        outstanding -= count;
        if (outstanding <= 0) {
            outstanding = 0;
            notifyAll();
        }
    }

    /** Transactions committed since open. */
    long commits() {
        return commits.get();
    }

    /** Of {@link #commits()}, those committed without their own fsync (relaxed operations only). */
    long relaxedCommits() {
        return relaxedCommits.get();
    }

    /** The largest the WAL file was after a commit since open. */
    long largestWal() {
        return walBound.largestSeen();
    }

    /** Writes waiting for the next transaction. */
    int waiting() {
        return pending.size();
    }

    /** Stops taking work, commits what is already waiting, and stops the thread. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.add(POISON);
        }
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Logger.error("store: writer for {} did not stop within {}", file, CLOSE_TIMEOUT);
        }
    }

    private void run() {
        long intervalNanos = options.maintenanceInterval().toNanos();
        long nextMaintenance = System.nanoTime() + intervalNanos;
        long nextProbe = System.nanoTime();
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        boolean stopping = false;
        while (!stopping) {
            boolean failing = monitor.health().status() == StoreHealth.Status.WRITES_FAILING;
            long wakeUp = failing && nextProbe - nextMaintenance < 0 ? nextProbe : nextMaintenance;
            Pending<?> first;
            try {
                first = pending.poll(Math.max(0, wakeUp - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Logger.error("store: writer for {} interrupted; stopping", file);
                break;
            }
            if (first != null) {
                batch.clear();
                batch.add(first);
                drainWithinBudget(batch, first.bytes());
                stopping = batch.remove(POISON);
                if (!batch.isEmpty()) {
                    try {
                        runBatch(batch);
                    } finally {
                        completed(batch.size());
                    }
                }
            }
            if (stopping) {
                break;
            }
            if (monitor.health().status() == StoreHealth.Status.WRITES_FAILING) {
                if (System.nanoTime() - nextProbe >= 0) {
                    checkpoint();
                    runBatch(List.of(new Pending<>(probe(), new CompletableFuture<>(), 0)));
                    nextProbe = System.nanoTime() + RECOVERY_PROBE_INTERVAL.toNanos();
                }
            } else {
                nextProbe = System.nanoTime() + RECOVERY_PROBE_INTERVAL.toNanos();
            }
            if (System.nanoTime() - nextMaintenance >= 0) {
                runBatch(List.of(new Pending<>(maintenance, new CompletableFuture<>(), 0)));
                afterMaintenance.run();
                nextMaintenance = System.nanoTime() + intervalNanos;
            }
        }
        statements.close();
        // Whatever slipped in after the poison (nothing should) is refused, never left hanging.
        for (Pending<?> left; (left = pending.poll()) != null; ) {
            left.future().completeExceptionally(new IllegalStateException("closed"));
            completed(1);
        }
    }

    /** Adds waiting operations to {@code batch} up to {@code maxBatch} of them and the WAL's transaction budget. */
    private void drainWithinBudget(List<Pending<?>> batch, long bytes) {
        long budget = walBound.transactionBudget();
        // Only this thread takes from the queue, so what peek shows is what poll returns.
        for (Pending<?> next = pending.peek(); next != null && batch.size() < maxBatch; next = pending.peek()) {
            if (next != POISON && bytes + next.bytes() > budget) {
                return;
            }
            batch.add(pending.poll());
            bytes += next.bytes();
        }
    }

    private static Op<Void> probe() {
        return batch -> {
            java.sql.PreparedStatement write = batch.sql().get(PROBE);
            write.setLong(1, System.nanoTime());
            write.executeUpdate();
            return null;
        };
    }

    private void runBatch(List<Pending<?>> batch) {
        if (monitor.health().status() == StoreHealth.Status.WRITES_STOPPED) {
            StoreException stopped = new StoreException("writes stopped: " + monitor.health().reason());
            batch.forEach(p -> p.future().completeExceptionally(stopped));
            return;
        }
        boolean relaxed = options.synchronous() == StoreOptions.Synchronous.FULL
                && batch.stream().noneMatch(Pending::durable);
        WriteBatch work = new WriteBatch(statements, options, totals, monitor, options.clock().millis());
        Object[] results = new Object[batch.size()];
        Throwable[] failures = new Throwable[batch.size()];
        try {
            setRelaxed(relaxed);
            // First without savepoints: in the usual batch no operation refuses, and each savepoint
            // costs two statements an operation. One refusal sends the batch round again with them.
            int refused = runOps(batch, work, results, failures, -1);
            if (refused >= 0) {
                connection.rollback();
                work = new WriteBatch(statements, options, totals, monitor, options.clock().millis());
                Arrays.fill(results, null);
                runOps(batch, work, results, failures, refused);
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly();
            StoreException failed = monitor.writeFailed(e, batch.size());
            reloadTotalsQuietly();
            // A full disk: the WAL may hold most of it, with frames of this failed transaction too.
            checkpoint();
            batch.forEach(p -> p.future().completeExceptionally(failed));
            return;
        }
        // Committed: only now does memory change, events get logged and callers hear back.
        commits.incrementAndGet();
        if (relaxed) {
            relaxedCommits.incrementAndGet();
        }
        if (walBound.pastBoundAfterCommit()) {
            checkpoint();
        }
        work.committed();
        monitor.writeSucceeded();
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), results[i], failures[i]);
        }
    }

    /**
     * Sets the connection to synchronous NORMAL for a transaction of relaxed operations only, so
     * that its commit writes its WAL frames without an fsync, and back to FULL for any other.
     * SQLite refuses to change the level inside a transaction, and the driver keeps one open, so
     * the (still empty) transaction is ended around the change. A failure to go back to FULL
     * fails the batch: no durable operation is ever committed at NORMAL.
     */
    private void setRelaxed(boolean relaxed) throws SQLException {
        if (relaxed == atNormal) {
            return;
        }
        connection.setAutoCommit(true);
        try (Statement pragma = connection.createStatement()) {
            pragma.execute(relaxed ? "PRAGMA synchronous = NORMAL" : "PRAGMA synchronous = FULL");
        } finally {
            connection.setAutoCommit(false);
        }
        atNormal = relaxed;
    }

    /**
     * Runs the operations of {@code batch} in the open transaction. With {@code refusedBefore} -1,
     * without savepoints: the first operation that refuses (throws) stops the run, its failure
     * noted, and its index is returned for the caller to roll back and run again. Otherwise with
     * savepoints, so that a refusal is rolled back alone; the operation at {@code refusedBefore} is
     * not run again (a refusal is counted and logged when it happens), its failure stands.
     * Returns -1 when every operation ran.
     */
    private int runOps(List<Pending<?>> batch, WriteBatch work, Object[] results, Throwable[] failures,
            int refusedBefore) throws SQLException {
        boolean savepoints = refusedBefore >= 0;
        for (int i = 0; i < batch.size(); i++) {
            if (i == refusedBefore) {
                continue;
            }
            WriteBatch.Mark mark = work.mark();
            if (savepoints) {
                // Prepared once and kept: a station thread hands over thousands of operations a second.
                statements.get("SAVEPOINT op").execute();
            }
            try {
                results[i] = batch.get(i).op().apply(work);
                if (savepoints) {
                    statements.get("RELEASE op").execute();
                }
            } catch (StoreException | RuntimeException e) {
                failures[i] = e;
                if (!savepoints) {
                    return i;
                }
                statements.get("ROLLBACK TO op").execute();
                statements.get("RELEASE op").execute();
                work.reset(mark);
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Pending<T> pending, Object result, Throwable failure) {
        if (failure != null) {
            pending.future().completeExceptionally(failure);
        } else {
            pending.future().complete((T) result);
        }
    }

    /**
     * Leaves the connection in a fresh transaction after a failure. SQLite rolls a transaction
     * back by itself on some errors (SQLITE_FULL, SQLITE_IOERR), and the driver closes a
     * statement that failed, so both are set up again here.
     */
    private void rollbackQuietly() {
        statements.close();
        freshTransaction();
    }

    /** Checkpoints the WAL ({@link WalBound#checkpoint}) and leaves the connection in a fresh transaction. */
    private void checkpoint() {
        walBound.checkpoint();
        freshTransaction();
    }

    /** Ends whatever transaction the connection is in, if any, and begins a new one. */
    private void freshTransaction() {
        try {
            connection.rollback();
            return;
        } catch (SQLException e) {
            Logger.debug("store: rollback on {} failed: {}", file, e.getMessage());
        }
        try (Statement begin = connection.createStatement()) {
            begin.execute("BEGIN");
        } catch (SQLException e) {
            Logger.warn("store: cannot start a new transaction on {}: {}", file, e.getMessage());
        }
    }

    private void reloadTotalsQuietly() {
        try {
            totals.reload(connection);
            connection.commit();
        } catch (SQLException e) {
            Logger.warn("store: cannot recount {} after a failed write: {}", file, e.getMessage());
            rollbackQuietly();
        }
    }
}
