package org.skywave.bridge.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.skywave.bridge.message.MessageId;
import org.sqlite.SQLiteConfig;
import org.tinylog.Logger;

/**
 * The station's durable store: one SQLite file (WAL, synchronous FULL by default) holding a
 * {@link MessageQueue} per destination and the {@link SeenSet}. Every write returns only after
 * its transaction committed; concurrent writes share a transaction (group commit). On a storage
 * error writes fail and {@link #health()} says why; the store never carries on in memory.
 *
 * <p>Open once per file: a {@code <file>.lock} keeps a second process (or a second open in this
 * one) out. All methods throw {@link IllegalStateException} once closed.
 */
public final class MessageStore implements Closeable {

    /** Page size of a new database file, in bytes (see {@link #smallPages}). */
    static final int PAGE_SIZE = 1024;

    private final Path file;
    private final StoreOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Connection writerConnection;
    private final Connection readerConnection;
    private final StoreMonitor monitor;
    private final StoreWriter writer;
    private final StoreReader reader;
    private final SqliteSeenSet seenSet;
    private final int schemaVersion;
    private final ConcurrentHashMap<String, MessageQueue> queues = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private long lastStatsLog;

    private MessageStore(Path file, StoreOptions options, FileChannel lockChannel, FileLock lock,
                         Connection writerConnection, Connection readerConnection, StoreMonitor monitor,
                         StoreTotals totals, int schemaVersion) {
        this.file = file;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.writerConnection = writerConnection;
        this.readerConnection = readerConnection;
        this.monitor = monitor;
        this.schemaVersion = schemaVersion;
        this.reader = new StoreReader(readerConnection, monitor);
        this.writer = new StoreWriter(writerConnection, file, options, monitor, totals, batch -> {
            batch.purgeExpired(null);
            batch.purgeSeen();
            return null;
        }, this::logStatsIfDue);
        this.seenSet = new SqliteSeenSet(this);
        this.lastStatsLog = System.nanoTime();
    }

    /** Opens (creating if needed) the store in {@code file}, migrating its schema to the newest version. */
    public static MessageStore open(Path file, StoreOptions options) throws StoreException {
        return open(file, options, UnaryOperator.identity());
    }

    public static MessageStore open(Path file) throws StoreException {
        return open(file, StoreOptions.defaults());
    }

    /** As {@link #open(Path, StoreOptions)}, with the writer's connection passed through {@code writerWrapper} (fault injection in tests). */
    static MessageStore open(Path file, StoreOptions options, UnaryOperator<Connection> writerWrapper)
            throws StoreException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path path = file.toAbsolutePath();
        if (path.getParent() != null && !Files.isDirectory(path.getParent())) {
            throw new StoreException("cannot open store " + path + ": directory " + path.getParent() + " does not exist");
        }
        long started = System.nanoTime();
        boolean existed = fileHasContent(path);
        FileChannel lockChannel = null;
        FileLock lock = null;
        Connection writerConnection = null;
        Connection readerConnection = null;
        try {
            Path lockFile = path.resolveSibling(path.getFileName() + ".lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new StoreException("store " + path + " is already open in this process");
            }
            if (lock == null) {
                throw new StoreException("store " + path + " is in use by another process (" + lockFile + " is locked)");
            }
            writerConnection = writerWrapper.apply(connect(path, options, false));
            // Check before anything writes: a refused file must be left exactly as it was.
            if (existed && options.integrityCheckOnOpen()) {
                quickCheck(writerConnection, path);
            }
            SchemaMigrator.checkVersion(writerConnection, path);
            if (!existed) {
                smallPages(writerConnection);
            }
            enableWal(writerConnection, path);
            writerConnection.setAutoCommit(false);
            int version = SchemaMigrator.migrate(writerConnection, path, options.clock().millis());
            StoreTotals totals = new StoreTotals();
            totals.reload(writerConnection);
            writerConnection.commit();
            readerConnection = connect(path, options, true);
            StoreMonitor monitor = new StoreMonitor(path.toString(), options.clock(), options.listener());
            MessageStore store = new MessageStore(path, options, lockChannel, lock, writerConnection,
                    readerConnection, monitor, totals, version);
            writerConnection.setAutoCommit(true);
            store.writer.configure();
            writerConnection.setAutoCommit(false);
            store.writer.start();
            Logger.info("store: opened {} (schema v{}, {} message(s), {} bytes, synchronous={}, commit={}, WAL at most {}"
                            + " bytes) in {} ms", path, version, totals.messages, totals.bytes, options.synchronous(),
                    options.commitMode(), options.walMaxBytes(), (System.nanoTime() - started) / 1_000_000);
            return store;
        } catch (SQLException e) {
            closeQuietly(writerConnection, readerConnection, lock, lockChannel);
            String reason = "cannot open store " + path + ": " + e.getMessage();
            Logger.error("store: {}", reason);
            throw new StoreException(reason, e);
        } catch (StoreException e) {
            closeQuietly(writerConnection, readerConnection, lock, lockChannel);
            Logger.error("store: {}", e.getMessage());
            throw e;
        } catch (IOException e) {
            closeQuietly(writerConnection, readerConnection, lock, lockChannel);
            throw new StoreException("cannot open store " + path + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(writerConnection, readerConnection, lock, lockChannel);
            throw e;
        }
    }

    private static boolean fileHasContent(Path path) {
        try {
            return Files.size(path) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static Connection connect(Path path, StoreOptions options, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(5_000);
        if (!readOnly) {
            config.setSynchronous(options.synchronous() == StoreOptions.Synchronous.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        }
        Connection connection = config.createConnection("jdbc:sqlite:" + path);
        if (readOnly) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA query_only = ON");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** Refuses a damaged file at start-up, quoting what SQLite found (first lines only). */
    private static void quickCheck(Connection connection, Path path) throws SQLException, StoreException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA quick_check(5)")) {
            while (rows.next()) {
                String line = rows.getString(1);
                if (!"ok".equals(line)) {
                    problems.add(line);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new StoreException("store " + path + " is damaged: database disk image is malformed (PRAGMA quick_check: " + String.join("; ", problems)
                    + "); it was left untouched: move it aside and start with a new file, or recover it with"
                    + " the sqlite3 .recover command");
        }
    }

    /**
     * A new file gets 1 KiB pages rather than SQLite's 4 KiB: every commit writes each page it
     * touched to the WAL, and a message touches a handful of b-trees, so smaller pages mean
     * fewer bytes written to the card per message. Must run before the first table exists (and
     * outside WAL mode); an existing file keeps its page size.
     */
    private static void smallPages(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA page_size = " + PAGE_SIZE);
        }
    }

    /** WAL lets peeks run while the writer commits; the mode is stored in the file. Needs auto-commit on. */
    private static void enableWal(Connection connection, Path path) throws SQLException, StoreException {
        try (Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
            String result = mode.next() ? mode.getString(1) : "";
            if (!"wal".equalsIgnoreCase(result)) {
                throw new StoreException("cannot switch store " + path + " to WAL journal mode (SQLite answered '"
                        + result + "')");
            }
        }
    }

    public Path file() {
        return file;
    }

    public StoreOptions options() {
        return options;
    }

    /** The schema version of the open file (after migration). */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The queue for {@code destination}, for whoever is on it, created on first use (it exists on disk once it holds a message). */
    public MessageQueue queue(String destination) {
        return queue(destination, QueuedMessage.ANY_STATION);
    }

    /**
     * The queue of link {@code destination} for far station {@code station}
     * ({@link QueuedMessage#ANY_STATION}: whoever is on the link), created on first use.
     */
    public MessageQueue queue(String destination, String station) {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(station, "station");
        QueuedMessage.checkDestination(destination);
        QueuedMessage.checkStation(station);
        checkOpen();
        QueueKey key = new QueueKey(destination, station);
        return queues.computeIfAbsent(key.name(), name -> new SqliteMessageQueue(this, key));
    }

    public SeenSet seenSet() {
        checkOpen();
        return seenSet;
    }

    /**
     * Accepts a message from a peer in one transaction: if {@code id} is not in the seen-set it
     * is marked seen until {@code seenUntil} and each of {@code onward} is queued for its own
     * destination. Returns after the commit, so the sender may be acknowledged either way.
     *
     * @return true if the message was new; false if it was seen before (nothing is queued)
     * @throws StoreFullException if an onward message does not fit; nothing is stored, not even the id
     */
    public boolean receive(MessageId id, Instant seenUntil, List<QueuedMessage> onward) throws StoreException {
        checkOpen();
        return writer.execute(receiveOp(id, seenUntil, onward), payloadBytes(onward));
    }

    /**
     * As {@link #receive}, without waiting for the commit: the future completes, on the store's
     * writer thread, once the transaction holding it committed, so several received at once share
     * one commit. Acknowledge the sender only after it completed.
     */
    public CompletableFuture<Boolean> receiveAsync(MessageId id, Instant seenUntil, List<QueuedMessage> onward) {
        checkOpen();
        return writer.submit(receiveOp(id, seenUntil, onward), payloadBytes(onward));
    }

    private static StoreWriter.Op<Boolean> receiveOp(MessageId id, Instant seenUntil, List<QueuedMessage> onward) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seenUntil, "seenUntil");
        List<QueuedMessage> copy = List.copyOf(onward);
        return batch -> {
            if (!batch.markSeen(id, seenUntil.toEpochMilli())) {
                return false;
            }
            for (QueuedMessage message : copy) {
                batch.offer(message);
            }
            return true;
        };
    }

    /** The payload bytes {@code onward} writes, for the writer's WAL budget. */
    private static long payloadBytes(List<QueuedMessage> onward) {
        return onward.stream().mapToLong(QueuedMessage::size).sum();
    }

    /**
     * Waits, at most {@code timeout}, until every write handed over so far has committed (or
     * failed) and its caller heard back; true if so. For simulations on virtual time, which must
     * not let time run on while a commit is under way.
     */
    public boolean awaitIdle(Duration timeout) {
        try {
            return writer.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Transactions committed since open: how well writes were grouped, for figures and tests. */
    public long commits() {
        return writer.commits();
    }

    /** Queues that hold at least one message, by name ({@code vara-1}, {@code vara-1/K1ABC-1}). */
    public List<String> destinations() throws StoreException {
        checkOpen();
        return reader.queues().stream().map(QueueKey::name).toList();
    }

    /** Stats of every queue that holds messages or has been opened since the store was. */
    public List<QueueStats> stats() throws StoreException {
        checkOpen();
        java.util.TreeMap<String, QueueKey> keys = new java.util.TreeMap<>();
        for (QueueKey key : reader.queues()) {
            keys.put(key.name(), key);
        }
        for (MessageQueue queue : queues.values()) {
            QueueKey key = new QueueKey(queue.destination(), queue.station());
            keys.put(key.name(), key);
        }
        List<QueueStats> all = new ArrayList<>();
        for (QueueKey key : keys.values()) {
            all.add(stats(key));
        }
        return all;
    }

    /** Drops expired messages and seen-set entries of every destination now; returns the messages dropped. */
    public int purgeExpired() throws StoreException {
        checkOpen();
        return writer.execute(batch -> {
            batch.purgeSeen();
            return batch.purgeExpired(null);
        });
    }

    /** Rows moved to quarantine over the life of the file. */
    public long quarantined() throws StoreException {
        checkOpen();
        return reader.quarantined();
    }

    public StoreHealth health() {
        return monitor.health();
    }

    /** The largest the WAL file was after a commit since open (bounded by {@link StoreOptions#walMaxBytes}). */
    public long largestWal() {
        return writer.largestWal();
    }

    /** Logs one line per queue (the periodic log does the same). */
    public void logStats() throws StoreException {
        for (QueueStats stats : stats()) {
            Logger.info("store: {}", stats.logLine());
        }
    }

    /** Commits what is waiting, stops the writer and closes the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        reader.close();
        closeQuietly(writerConnection, readerConnection, lock, lockChannel);
        Logger.info("store: closed {}", file);
    }

    QueueStats stats(QueueKey queue) throws StoreException {
        String destination = queue.name();
        StoreReader.Depth depth = reader.depth(queue);
        StoreMonitor.Counters counters = monitor.counters(destination);
        Duration age = depth.oldestEnqueuedAt() == null ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, clock().millis() - depth.oldestEnqueuedAt()));
        return new QueueStats(destination, depth.messages(), depth.bytes(), age, counters.retries.get(),
                counters.evictions.get(), counters.expiries.get(), counters.rejected.get(), counters.quarantined.get());
    }

    /** Runs {@code op} in the writer's next transaction (tests use it to change connection settings). */
    <T> T runOnWriter(StoreWriter.Op<T> op) throws StoreException {
        checkOpen();
        return writer.execute(op);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
    }

    StoreWriter writer() {
        return writer;
    }

    StoreReader reader() {
        return reader;
    }

    StoreMonitor monitor() {
        return monitor;
    }

    Clock clock() {
        return options.clock();
    }

    private void logStatsIfDue() {
        Duration interval = options.statsLogInterval();
        if (interval.isZero() || System.nanoTime() - lastStatsLog < interval.toNanos()) {
            return;
        }
        lastStatsLog = System.nanoTime();
        try {
            logStats();
        } catch (StoreException e) {
            Logger.warn("store: cannot read queue stats: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection writer, Connection reader, FileLock lock, FileChannel channel) {
        for (Connection connection : new Connection[] {reader, writer}) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    Logger.warn("store: closing a connection failed: {}", e.getMessage());
                }
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            Logger.warn("store: releasing the lock failed: {}", e.getMessage());
        }
    }
}
