package org.skywave.bridge.node.bitcoin;

import io.netty.channel.EventLoop;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.node.NodeAdapter;
import org.skywave.bridge.node.NodeConnection;
import org.skywave.bridge.node.RecentKeys;
import org.skywave.bridge.node.NodeException;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;
import org.tinylog.Logger;

/**
 * A {@link NodeAdapter} for a Bitcoin node's P2P port. It keeps one outbound connection, follows
 * the node's inventories (inv, then getdata, then tx; headers announced by {@code headers} after
 * our {@code sendheaders}, or fetched with {@code getheaders} when a block comes by {@code inv}),
 * hands new transactions and headers to the listener, and offers submitted transactions with
 * {@code inv}, serving the node's {@code getdata}: bcoin and Core drop a {@code tx} they did not ask for.
 *
 * <p>All protocol state lives on one event-loop thread; public methods hand their work to it.
 * Lost connections are retried with exponential back-off between the configured delays.
 */
public final class BitcoinNodeAdapter implements NodeAdapter {

    /** Submissions waiting for the node's getdata; more are refused rather than held without bound. */
    static final int MAX_PENDING_SUBMISSIONS = 1000;
    /** Mempool questions in flight. */
    static final int MAX_PENDING_QUERIES = 1000;
    /** Transactions remembered as already fetched or submitted, so one announced twice is fetched once. */
    static final int SEEN_TRANSACTIONS = 20_000;
    /** Blocks requested for one announcement at most: Core announces up to 8 blocks by headers ({@code MAX_BLOCKS_TO_ANNOUNCE}); more is a sync, not news. */
    static final int MAX_BLOCKS_PER_ANNOUNCEMENT = 8;
    /** Silence after which we ping, and after twice which we give up on the connection. */
    static final int IDLE_PING_SECONDS = 120;

    private final BitcoinNodeConfig config;
    private final NodeListener listener;
    private final NodeConnection connection;
    private final EventLoop loop;
    private final SecureRandom random = new SecureRandom();

    // Confined to the event loop.
    private final Map<String, Submission> submissions = new LinkedHashMap<>();
    private final Map<String, List<CompletableFuture<Boolean>>> queries = new LinkedHashMap<>();
    private final RecentKeys requested = new RecentKeys(SEEN_TRANSACTIONS);
    private final RecentKeys seen = new RecentKeys(SEEN_TRANSACTIONS);
    private final BlockHeights heights = new BlockHeights();
    private BitcoinPeerHandler peer;

    private volatile VersionPayload peerVersion;

    public BitcoinNodeAdapter(BitcoinNodeConfig config, NodeListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.connection = new NodeConnection("Bitcoin node", config.describe(),
                new NodeConnection.Dialling(config.host(), config.port(), config.connectTimeout(),
                        config.minReconnectDelay(), config.maxReconnectDelay(), false),
                listener, this::connect, "bitcoin-node-" + config.port());
        this.loop = connection.loop();
    }

    public BitcoinNodeConfig config() {
        return config;
    }

    /** The node's version message from the current connection, once the handshake is done. */
    public Optional<VersionPayload> peerVersion() {
        return Optional.ofNullable(peerVersion);
    }

    @Override
    public NodeState state() {
        return connection.state();
    }

    /** The node's {@code start_height}, raised by the headers it announces since (see {@link BlockHeights}). */
    @Override
    public OptionalLong bestHeight() {
        return heights.best();
    }

    @Override
    public void start() {
        connection.start();
    }

    @Override
    public CompletableFuture<Void> submitTransaction(byte[] rawTx) {
        byte[] raw = rawTx.clone();
        TransactionIds ids;
        try {
            ids = TransactionIds.of(raw);
        } catch (BitcoinProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        loop.execute(() -> addSubmission(raw, ids, result));
        return result;
    }

    @Override
    public CompletableFuture<Boolean> mempoolContains(byte[] txId) {
        if (txId.length != InventoryItem.HASH_LENGTH) {
            throw new IllegalArgumentException("txId must be 32 bytes, got " + txId.length);
        }
        byte[] id = txId.clone();
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        loop.execute(() -> addQuery(id, result));
        return result;
    }

    @Override
    public CompletableFuture<Boolean> alreadyHas(byte[] rawTx) {
        try {
            return mempoolContains(TransactionIds.of(rawTx).txid());
        } catch (BitcoinProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void close() {
        connection.close(() -> {
            if (peer != null) {
                peer.close("adapter closed");
            }
            NodeException gone = new NodeException("Bitcoin node adapter for " + config.describe() + " closed");
            submissions.values().forEach(s -> s.fail(gone));
            submissions.clear();
            queries.values().forEach(list -> list.forEach(f -> f.completeExceptionally(gone)));
            queries.clear();
        });
    }

    // ---- connection life ------------------------------------------------------------------

    /** Dials the node with a new handler; the connection calls it again to redial. */
    private void connect() {
        BitcoinPeerHandler handler = new BitcoinPeerHandler(config, new Events(), random.nextLong());
        peer = handler;
        connection.dial(ch -> ch.pipeline().addLast(
                        new IdleStateHandler(IDLE_PING_SECONDS, 0, 0),
                        new BitcoinFrameDecoder(config.magic()),
                        new BitcoinFrameEncoder(config.magic()),
                        handler),
                () -> {
                    if (peer != handler) {
                        return false;
                    }
                    peer = null;
                    return true;
                });
    }

    // ---- submissions and queries (event loop) ---------------------------------------------

    private void addSubmission(byte[] raw, TransactionIds ids, CompletableFuture<Void> result) {
        if (connection.isClosed()) {
            result.completeExceptionally(new NodeException("Bitcoin node adapter for " + config.describe() + " is closed"));
            return;
        }
        String key = key(ids.txid());
        Submission existing = submissions.get(key);
        if (existing != null) {
            existing.future.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(null);
                }
            });
            return;
        }
        if (submissions.size() >= MAX_PENDING_SUBMISSIONS) {
            result.completeExceptionally(new NodeException(MAX_PENDING_SUBMISSIONS
                    + " transactions already wait for " + config.describe() + " to request them; refusing " + ids));
            return;
        }
        Submission submission = new Submission(raw, ids, result);
        submissions.put(key, submission);
        seen.add(key);
        seen.add(key(ids.wtxid()));
        long timeout = config.submitTimeout().toMillis();
        submission.timer = loop.schedule(() -> {
            if (submissions.remove(key) != null) {
                submission.fail(new NodeException("node " + config.describe() + " did not request " + ids + " within "
                        + timeout + " ms of its announcement (it may already have it, or have rejected it)"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (peer != null && peer.isHandshakeDone()) {
            announce(peer, List.of(submission));
        }
    }

    private void announce(BitcoinPeerHandler to, List<Submission> list) {
        List<InventoryItem> items = new ArrayList<>(list.size());
        for (Submission s : list) {
            items.add(to.wtxidRelay()
                    ? new InventoryItem(InventoryItem.MSG_WTX, s.ids.wtxid())
                    : new InventoryItem(InventoryItem.MSG_TX, s.ids.txid()));
        }
        Logger.debug("Bitcoin node {}: announcing {} transaction(s)", config.describe(), items.size());
        to.send(InventoryPayload.toMessage(BitcoinCommand.INV, items));
    }

    private void addQuery(byte[] txId, CompletableFuture<Boolean> result) {
        if (peer == null || !peer.isHandshakeDone()) {
            result.completeExceptionally(new NodeException("cannot ask " + config.describe() + " about "
                    + BitcoinHashes.toDisplayHex(txId) + ": not connected (state " + connection.state() + ")"));
            return;
        }
        if (queries.size() >= MAX_PENDING_QUERIES) {
            result.completeExceptionally(new NodeException(MAX_PENDING_QUERIES + " mempool questions already wait for " + config.describe()));
            return;
        }
        String key = key(txId);
        boolean first = !queries.containsKey(key);
        queries.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
        long timeout = config.queryTimeout().toMillis();
        loop.schedule(() -> {
            if (!result.isDone()) {
                List<CompletableFuture<Boolean>> list = queries.get(key);
                if (list != null && list.remove(result) && list.isEmpty()) {
                    queries.remove(key);
                }
                result.completeExceptionally(new NodeException("node " + config.describe() + " did not answer getdata for "
                        + BitcoinHashes.toDisplayHex(txId) + " within " + timeout + " ms"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        if (first) {
            // A node answers getdata with the tx if its mempool has it, else with notfound. Core
            // serves only transactions it announced to us or that predate our last mempool request.
            peer.send(InventoryPayload.toMessage(BitcoinCommand.GETDATA,
                    List.of(new InventoryItem(InventoryItem.MSG_WITNESS_TX, txId))));
        }
    }

    private void answerQueries(String key, boolean inMempool) {
        List<CompletableFuture<Boolean>> list = queries.remove(key);
        if (list != null) {
            list.forEach(f -> f.complete(inMempool));
        }
    }

    // ---- peer events (event loop) ---------------------------------------------------------

    private final class Events implements BitcoinPeerHandler.PeerEvents {

        private boolean current(BitcoinPeerHandler from) {
            return from == peer && !connection.isClosed();
        }

        @Override
        public void handshakeDone(BitcoinPeerHandler from, VersionPayload version) {
            if (!current(from)) {
                return;
            }
            connection.proven();
            peerVersion = version;
            heights.connected(version.startHeight());
            connection.changeState(NodeState.UP, "handshake done with " + version.userAgent() + " protocol " + version.version()
                    + (from.wtxidRelay() ? ", wtxid relay" : ""));
            if (!submissions.isEmpty()) {
                List<Submission> all = new ArrayList<>(submissions.values());
                for (int i = 0; i < all.size(); i += InventoryPayload.MAX_INV_SZ) {
                    announce(from, all.subList(i, Math.min(all.size(), i + InventoryPayload.MAX_INV_SZ)));
                }
            }
        }

        @Override
        public void inventory(BitcoinPeerHandler from, List<InventoryItem> items) {
            if (!current(from)) {
                return;
            }
            List<InventoryItem> wanted = new ArrayList<>();
            int blocks = 0;
            for (InventoryItem item : items) {
                if (item.isTransaction()) {
                    String key = key(item.hash());
                    if (seen.contains(key)) {
                        continue;
                    }
                    seen.add(key);
                    requested.add(key);
                    wanted.add(new InventoryItem(item.baseType() == InventoryItem.MSG_WTX ? InventoryItem.MSG_WTX
                            : InventoryItem.MSG_WITNESS_TX, item.hash()));
                } else if (item.isBlock() && blocks++ < MAX_BLOCKS_PER_ANNOUNCEMENT) {
                    // An empty locator asks for exactly the header of the stop hash.
                    from.send(new GetHeadersPayload(BitcoinPeerHandler.PROTOCOL_VERSION, List.of(), item.hash()).toMessage());
                }
            }
            if (!wanted.isEmpty()) {
                from.send(InventoryPayload.toMessage(BitcoinCommand.GETDATA, wanted));
            }
        }

        @Override
        public void getData(BitcoinPeerHandler from, List<InventoryItem> items) {
            if (!current(from)) {
                return;
            }
            List<InventoryItem> missing = new ArrayList<>();
            for (InventoryItem item : items) {
                Submission s = item.isTransaction() ? findSubmission(item) : null;
                if (s == null) {
                    missing.add(item);
                    continue;
                }
                boolean witness = item.baseType() == InventoryItem.MSG_WTX || (item.type() & InventoryItem.MSG_WITNESS_FLAG) != 0;
                byte[] bytes;
                try {
                    bytes = witness ? s.raw : TransactionIds.withoutWitness(s.raw);
                } catch (BitcoinProtocolException e) {
                    throw new IllegalStateException("submitted transactions were parsed before", e);
                }
                submissions.remove(key(s.ids.txid()));
                s.timer.cancel(false);
                from.sendWithFuture(BitcoinMessage.wrap(BitcoinCommand.TX, bytes)).addListener(f -> {
                    if (f.isSuccess()) {
                        Logger.info("Bitcoin node {}: delivered {} on request", config.describe(), s.ids);
                        s.future.complete(null);
                    } else {
                        s.fail(new NodeException("writing " + s.ids + " to " + config.describe() + " failed", f.cause()));
                    }
                });
            }
            if (!missing.isEmpty()) {
                from.send(InventoryPayload.toMessage(BitcoinCommand.NOTFOUND, missing));
            }
        }

        private Submission findSubmission(InventoryItem item) {
            if (item.baseType() == InventoryItem.MSG_WTX) {
                for (Submission s : submissions.values()) {
                    if (java.util.Arrays.equals(s.ids.wtxid(), item.hash())) {
                        return s;
                    }
                }
                return null;
            }
            return submissions.get(key(item.hash()));
        }

        @Override
        public void notFound(BitcoinPeerHandler from, List<InventoryItem> items) {
            if (!current(from)) {
                return;
            }
            for (InventoryItem item : items) {
                if (item.isTransaction()) {
                    String key = key(item.hash());
                    requested.remove(key);
                    answerQueries(key, false);
                }
            }
        }

        @Override
        public void transaction(BitcoinPeerHandler from, byte[] rawTx) {
            if (!current(from)) {
                return;
            }
            TransactionIds ids;
            try {
                ids = TransactionIds.of(rawTx);
            } catch (BitcoinProtocolException e) {
                Logger.warn("Bitcoin node {}: dropping malformed tx: {}", config.describe(), e.getMessage());
                return;
            }
            String txKey = key(ids.txid());
            String wtxKey = key(ids.wtxid());
            answerQueries(txKey, true);
            boolean wasRequested = requested.remove(txKey) | requested.remove(wtxKey);
            if (!wasRequested) {
                return;
            }
            seen.add(txKey);
            seen.add(wtxKey);
            Logger.debug("Bitcoin node {}: received {}", config.describe(), ids);
            try {
                listener.onTransaction(rawTx.clone());
            } catch (RuntimeException e) {
                Logger.warn(e, "Bitcoin node {}: listener failed on {}", config.describe(), ids);
            }
        }

        @Override
        public void headers(BitcoinPeerHandler from, List<byte[]> headers) {
            if (!current(from) || headers.isEmpty()) {
                return;
            }
            heights.headers(headers);
            try {
                listener.onHeaders(headers);
            } catch (RuntimeException e) {
                Logger.warn(e, "Bitcoin node {}: listener failed on {} headers", config.describe(), headers.size());
            }
            if (config.fetchBlocks() && headers.size() <= MAX_BLOCKS_PER_ANNOUNCEMENT) {
                List<InventoryItem> wanted = new ArrayList<>(headers.size());
                for (byte[] header : headers) {
                    wanted.add(new InventoryItem(InventoryItem.MSG_WITNESS_BLOCK, BitcoinHashes.blockHash(header)));
                }
                from.send(InventoryPayload.toMessage(BitcoinCommand.GETDATA, wanted));
            }
        }

        @Override
        public void block(BitcoinPeerHandler from, byte[] rawBlock) {
            if (!current(from) || !config.fetchBlocks()) {
                return;
            }
            try {
                listener.onBlock(rawBlock.clone());
            } catch (RuntimeException e) {
                Logger.warn(e, "Bitcoin node {}: listener failed on a {}-byte block", config.describe(), rawBlock.length);
            }
        }

        @Override
        public void disconnected(BitcoinPeerHandler from, String reason) {
            if (from != peer) {
                return;
            }
            peer = null;
            peerVersion = null;
            requested.clear();
            for (Iterator<Map.Entry<String, List<CompletableFuture<Boolean>>>> it = queries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, List<CompletableFuture<Boolean>>> e = it.next();
                NodeException lost = new NodeException("connection to " + config.describe() + " lost before it answered: " + reason);
                e.getValue().forEach(f -> f.completeExceptionally(lost));
                it.remove();
            }
            connection.lost(reason);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static String key(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static final class Submission {
        final byte[] raw;
        final TransactionIds ids;
        final CompletableFuture<Void> future;
        ScheduledFuture<?> timer;

        Submission(byte[] raw, TransactionIds ids, CompletableFuture<Void> future) {
            this.raw = raw;
            this.ids = ids;
            this.future = future;
        }

        void fail(Throwable e) {
            if (timer != null) {
                timer.cancel(false);
            }
            future.completeExceptionally(e);
        }
    }
}
