package org.skywave.bridge.node.jsonl;

import io.netty.channel.EventLoop;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.skywave.bridge.node.NodeAdapter;
import org.skywave.bridge.node.NodeConnection;
import org.skywave.bridge.node.RecentKeys;
import org.skywave.bridge.node.NodeException;
import org.skywave.bridge.node.NodeListener;
import org.skywave.bridge.node.NodeState;
import org.tinylog.Logger;

/**
 * A {@link NodeAdapter} for a node speaking the Bunkercoin-style JSON-lines protocol
 * ({@code /work/shared/specs/bunkercoin-jsonl.md}): plain TCP, one JSON document per line.
 *
 * <p>There is no handshake: the connection is up once TCP is, and we send {@code "GetMempool"} at
 * once, handing every transaction of the reply to the listener. After that the node pushes
 * {@code NewTransaction} and {@code NewBlock}; each new one (by {@link JsonLinesIds id}) goes to
 * the listener once, as the exact bytes the node sent. {@link #submitTransaction} writes
 * {@code {"NewTransaction":<raw>}}; {@link #mempoolContains} sends {@code "GetMempool"} and
 * looks for the id in the reply. The protocol has no request ids, so replies are paired with
 * requests in order (a node answers each connection's lines in turn); a {@code Mempool} beyond the
 * requests outstanding is taken as news, not as an answer. The node's own {@code GetChain} and
 * {@code GetMempool} are answered with empty lists: we relay, we keep neither a chain nor a mempool.
 *
 * <p>The protocol names no heights. A {@code Chain} the node sends (we never ask: it is the whole
 * chain, far more than a line may hold) gives its best height, the chain's length minus one (the
 * genesis block is height 0); each new {@code NewBlock} after it adds one. Until a {@code Chain}
 * arrives the height is unknown.
 *
 * <p>All protocol state lives on one event-loop thread; public methods hand their work to it.
 * Lost connections are retried with exponential back-off between the configured delays; the
 * back-off resets once a connection has carried a valid message, so a node that accepts and
 * drops at once is not hammered.
 */
public final class JsonLinesNodeAdapter implements NodeAdapter {

    /** Submissions held while the node is unreachable; more are refused rather than held without bound. */
    static final int MAX_PENDING_SUBMISSIONS = 1000;
    /** Mempool questions in flight: each costs one {@code GetMempool} and its reply. */
    static final int MAX_PENDING_QUERIES = 100;
    /** Transactions remembered as delivered or submitted, so one seen twice reaches the listener once. */
    static final int SEEN_TRANSACTIONS = 20_000;
    /** Blocks remembered likewise; with a 10 KB block limit these are cheap ids. */
    static final int SEEN_BLOCKS = 1_000;

    private final JsonLinesNodeConfig config;
    private final NodeListener listener;
    private final JsonLinesCodec codec;
    private final JsonLinesIds ids;
    private final String node;
    private final NodeConnection connection;
    private final EventLoop loop;
    private final AtomicLong malformedLines = new AtomicLong();
    private final AtomicLong overlongLines = new AtomicLong();
    /** Blocks in the node's chain as last told, or -1 while no {@code Chain} has come; written on the event loop. */
    private volatile long chainLength = -1;

    // Confined to the event loop.
    private final Map<String, Submission> pending = new LinkedHashMap<>();
    private final ArrayDeque<Query> queries = new ArrayDeque<>();
    private final RecentKeys seenTransactions = new RecentKeys(SEEN_TRANSACTIONS);
    private final RecentKeys seenBlocks = new RecentKeys(SEEN_BLOCKS);
    private JsonLinesPeerHandler peer;
    private long mempoolRequests;
    private long mempoolReplies;

    public JsonLinesNodeAdapter(JsonLinesNodeConfig config, NodeListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.codec = new JsonLinesCodec(config.maxLineBytes());
        this.ids = new JsonLinesIds(codec);
        this.node = config.describe();
        // No ping in the protocol: TCP keep-alive notices a node that vanished.
        this.connection = new NodeConnection("JSON-lines node", node,
                new NodeConnection.Dialling(config.host(), config.port(), config.connectTimeout(),
                        config.minReconnectDelay(), config.maxReconnectDelay(), true),
                listener, this::connect, "jsonl-node-" + config.port());
        this.loop = connection.loop();
    }

    public JsonLinesNodeConfig config() {
        return config;
    }

    /** The ids this adapter gives transactions and blocks, as {@link #mempoolContains} expects them. */
    public JsonLinesIds ids() {
        return ids;
    }

    /** Lines from the node that were not valid messages and were skipped, since start. */
    public long malformedLines() {
        return malformedLines.get();
    }

    /** Lines from the node longer than the maximum, each of which closed its connection, since start. */
    public long overlongLines() {
        return overlongLines.get();
    }

    @Override
    public NodeState state() {
        return connection.state();
    }

    /** The length of the last {@code Chain} the node sent minus one, plus the new blocks since; empty before a {@code Chain}. */
    @Override
    public OptionalLong bestHeight() {
        long length = chainLength;
        return length < 1 ? OptionalLong.empty() : OptionalLong.of(length - 1);
    }

    @Override
    public void start() {
        connection.start();
    }

    /**
     * Writes {@code {"NewTransaction":<rawTx>}} to the node. {@code rawTx} must be exactly one JSON
     * value (UTF-8, no surrounding whitespace, no line break) or the future fails with
     * {@link JsonLinesProtocolException}. The protocol has no request step, so the future completes
     * once the line is written; while the node is down it waits up to the submit timeout.
     */
    @Override
    public CompletableFuture<Void> submitTransaction(byte[] rawTx) {
        byte[] raw = rawTx.clone();
        try {
            codec.checkValue(raw);
        } catch (JsonLinesProtocolException e) {
            return CompletableFuture.failedFuture(e);
        }
        String key = ids.hexIdOf(raw);
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!connection.execute(() -> addSubmission(raw, key, result))) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    /** {@code txId} as given by {@link JsonLinesIds#idOf}: the value's {@code hash} field, else its BLAKE3-256. */
    @Override
    public CompletableFuture<Boolean> mempoolContains(byte[] txId) {
        if (txId.length == 0) {
            throw new IllegalArgumentException("txId is empty");
        }
        String key = HexFormat.of().formatHex(txId);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        if (!connection.execute(() -> addQuery(key, result))) {
            result.completeExceptionally(closedException());
        }
        return result;
    }

    @Override
    public void close() {
        connection.close(() -> {
            if (peer != null) {
                peer.close("adapter closed");
            }
            NodeException gone = closedException();
            pending.values().forEach(s -> s.fail(gone));
            pending.clear();
            failQueries(gone);
        });
    }

    private NodeException closedException() {
        return new NodeException("JSON-lines node adapter for " + node + " is closed");
    }

    // ---- connection life ------------------------------------------------------------------

    /** Dials the node with a new handler; the connection calls it again to redial. */
    private void connect() {
        JsonLinesPeerHandler handler = new JsonLinesPeerHandler(codec, new Events(), node);
        peer = handler;
        // failFast: give up at the limit rather than buffer up to the next newline.
        connection.dial(ch -> ch.pipeline().addLast(new LineBasedFrameDecoder(config.maxLineBytes(), true, true), handler),
                () -> {
                    if (peer != handler) {
                        return false;
                    }
                    peer = null;
                    return true;
                });
    }

    // ---- submissions and queries (event loop) ---------------------------------------------

    private void addSubmission(byte[] raw, String key, CompletableFuture<Void> result) {
        if (connection.isClosed()) {
            result.completeExceptionally(closedException());
            return;
        }
        // The node may relay our own transaction back: it is not news for the listener.
        seenTransactions.add(key);
        if (peer != null && peer.isActive()) {
            write(peer, raw, key, result);
            return;
        }
        Submission existing = pending.get(key);
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
        if (pending.size() >= MAX_PENDING_SUBMISSIONS) {
            result.completeExceptionally(new NodeException(MAX_PENDING_SUBMISSIONS + " transactions already wait for "
                    + node + " to come up; refusing " + key));
            return;
        }
        Submission submission = new Submission(raw, key, result);
        pending.put(key, submission);
        long timeout = config.submitTimeout().toMillis();
        submission.timer = loop.schedule(() -> {
            if (pending.remove(key) != null) {
                submission.fail(new NodeException("node " + node + " was not reachable within " + timeout
                        + " ms to take transaction " + key));
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    private void write(JsonLinesPeerHandler to, byte[] raw, String key, CompletableFuture<Void> result) {
        to.sendWithFuture(JsonLinesMessage.trusted(JsonLinesVariant.NEW_TRANSACTION, List.of(raw))).addListener(f -> {
            if (f.isSuccess()) {
                Logger.debug("JSON-lines node {}: sent transaction {}", node, key);
                result.complete(null);
            } else {
                result.completeExceptionally(new NodeException("writing transaction " + key + " to " + node + " failed", f.cause()));
            }
        });
    }

    private void addQuery(String key, CompletableFuture<Boolean> result) {
        if (connection.isClosed()) {
            result.completeExceptionally(closedException());
            return;
        }
        if (peer == null || !peer.isActive()) {
            result.completeExceptionally(new NodeException("cannot ask " + node + " about " + key + ": not connected (state " + connection.state() + ")"));
            return;
        }
        if (queries.size() >= MAX_PENDING_QUERIES) {
            result.completeExceptionally(new NodeException(MAX_PENDING_QUERIES + " mempool questions already wait for " + node));
            return;
        }
        mempoolRequests++;
        Query query = new Query(mempoolRequests, key, result);
        queries.add(query);
        long timeout = config.queryTimeout().toMillis();
        query.timer = loop.schedule(() -> {
            if (queries.remove(query)) {
                result.completeExceptionally(new NodeException("node " + node + " did not answer GetMempool within " + timeout
                        + " ms (asking about " + key + ")"));
            }
        }, timeout, TimeUnit.MILLISECONDS);
        peer.send(JsonLinesMessage.getMempool());
    }

    private void answerQueries(List<byte[]> mempool) {
        if (queries.isEmpty() || queries.peek().reply > mempoolReplies) {
            return;
        }
        Set<String> present = new HashSet<>();
        for (byte[] tx : mempool) {
            present.add(ids.hexIdOf(tx));
        }
        while (!queries.isEmpty() && queries.peek().reply <= mempoolReplies) {
            Query q = queries.poll();
            q.timer.cancel(false);
            q.future.complete(present.contains(q.key));
        }
    }

    private void failQueries(NodeException e) {
        for (Iterator<Query> it = queries.iterator(); it.hasNext(); ) {
            Query q = it.next();
            it.remove();
            if (q.timer != null) {
                q.timer.cancel(false);
            }
            q.future.completeExceptionally(e);
        }
    }

    // ---- peer events (event loop) ---------------------------------------------------------

    private final class Events implements JsonLinesPeerHandler.PeerEvents {

        private boolean current(JsonLinesPeerHandler from) {
            return from == peer && !connection.isClosed();
        }

        @Override
        public void connected(JsonLinesPeerHandler from) {
            if (!current(from)) {
                from.close("adapter closed");
                return;
            }
            connection.changeState(NodeState.UP, "connected to " + node + " (the protocol has no handshake)");
            mempoolRequests = 1;
            mempoolReplies = 0;
            from.send(JsonLinesMessage.getMempool());
            List<Submission> waiting = new ArrayList<>(pending.values());
            pending.clear();
            for (Submission s : waiting) {
                s.timer.cancel(false);
                write(from, s.raw, s.key, s.future);
            }
        }

        @Override
        public void message(JsonLinesPeerHandler from, JsonLinesMessage message) {
            if (!current(from)) {
                return;
            }
            connection.proven();
            List<byte[]> values = message.valuesUnsafe();
            switch (message.variant()) {
                case NEW_TRANSACTION -> deliverTransaction(values.get(0));
                case NEW_BLOCK -> deliverBlock(values.get(0));
                case MEMPOOL -> {
                    if (mempoolReplies < mempoolRequests) {
                        mempoolReplies++;
                    }
                    values.forEach(this::deliverTransaction);
                    answerQueries(values);
                }
                case GET_MEMPOOL -> from.send(JsonLinesMessage.mempool(List.of()));
                case GET_CHAIN -> from.send(JsonLinesMessage.chain(List.of()));
                case CHAIN -> chain(values);
                default -> throw new IllegalStateException("unhandled variant " + message.variant());
            }
        }

        private void deliverTransaction(byte[] raw) {
            String key = ids.hexIdOf(raw);
            if (!seenTransactions.add(key)) {
                return;
            }
            Logger.debug("JSON-lines node {}: transaction {} ({} bytes)", node, key, raw.length);
            try {
                listener.onTransaction(raw.clone());
            } catch (RuntimeException e) {
                Logger.warn(e, "JSON-lines node {}: listener failed on transaction {}", node, key);
            }
        }

        /** A whole chain: its length is the node's; its newest blocks are not news when announced again. */
        private void chain(List<byte[]> blocks) {
            for (int i = Math.max(0, blocks.size() - SEEN_BLOCKS); i < blocks.size(); i++) {
                seenBlocks.add(ids.hexIdOf(blocks.get(i)));
            }
            chainLength = blocks.size();
            Logger.debug("JSON-lines node {}: chain of {} blocks", node, blocks.size());
        }

        private void deliverBlock(byte[] raw) {
            String key = ids.hexIdOf(raw);
            if (!seenBlocks.add(key)) {
                return;
            }
            if (chainLength > 0) {
                chainLength++;
            }
            Logger.debug("JSON-lines node {}: block {} ({} bytes)", node, key, raw.length);
            try {
                listener.onBlock(raw.clone());
            } catch (RuntimeException e) {
                Logger.warn(e, "JSON-lines node {}: listener failed on block {}", node, key);
            }
        }

        @Override
        public void malformed(JsonLinesPeerHandler from) {
            malformedLines.incrementAndGet();
        }

        @Override
        public void overlong(JsonLinesPeerHandler from) {
            overlongLines.incrementAndGet();
        }

        @Override
        public void disconnected(JsonLinesPeerHandler from, String reason) {
            if (from != peer) {
                return;
            }
            peer = null;
            failQueries(new NodeException("connection to " + node + " lost before it answered: " + reason));
            mempoolRequests = 0;
            mempoolReplies = 0;
            connection.lost(reason);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static final class Submission {
        final byte[] raw;
        final String key;
        final CompletableFuture<Void> future;
        ScheduledFuture<?> timer;

        Submission(byte[] raw, String key, CompletableFuture<Void> future) {
            this.raw = raw;
            this.key = key;
            this.future = future;
        }

        void fail(Throwable e) {
            if (timer != null) {
                timer.cancel(false);
            }
            future.completeExceptionally(e);
        }
    }

    private static final class Query {
        /** The number of the Mempool reply that answers this query on its connection. */
        final long reply;
        final String key;
        final CompletableFuture<Boolean> future;
        ScheduledFuture<?> timer;

        Query(long reply, String key, CompletableFuture<Boolean> future) {
            this.reply = reply;
            this.key = key;
            this.future = future;
        }
    }
}
