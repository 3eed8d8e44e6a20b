package org.skywave.bridge.node;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;
import org.skywave.bridge.node.bitcoin.BitcoinNetwork;
import org.skywave.bridge.node.bitcoin.BitcoinNodeAdapter;
import org.skywave.bridge.node.bitcoin.BitcoinNodeConfig;
import org.skywave.bridge.node.jsonl.JsonLinesNodeAdapter;
import org.skywave.bridge.node.jsonl.JsonLinesNodeConfig;
import org.skywave.bridge.station.Station;
import org.skywave.bridge.store.MessageStore;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.tinylog.Logger;

/**
 * Joins a blockchain node to a station: what the node announces (transactions, headers) is handed
 * to the station as a local submission, and the transactions of the node's network that the
 * station receives over a link are queued durably for the node (destination {@code node:NAME})
 * and handed to it by a {@link NodeDelivery}, which removes each only once the node took it.
 * The station's HELLOs report the node's best height.
 */
public final class NodeAttachment implements NodeListener, AutoCloseable {

    /** Node queues are named {@code node:NAME}: a link name cannot hold a colon, so they never clash. */
    public static final String DESTINATION_PREFIX = "node:";

    private final String name;
    private final Network network;
    private final NodeAdapter adapter;
    private volatile Station station;
    private NodeDelivery delivery;

    /**
     * @param adapterFactory builds the adapter with this attachment as its listener
     */
    public NodeAttachment(String name, Network network, Function<NodeListener, NodeAdapter> adapterFactory) {
        this.name = Objects.requireNonNull(name, "name");
        this.network = Objects.requireNonNull(network, "network");
        this.adapter = adapterFactory.apply(this);
    }

    /**
     * An attachment for a node URI: {@code bitcoin://host:port?network=regtest} (Bitcoin P2P) or
     * {@code jsonl://host:port} (Bunkercoin-style JSON lines).
     */
    public static NodeAttachment forUri(String name, String uri) throws LinkUriException {
        LinkUri parsed = LinkUri.parse(uri);
        if (BitcoinNodeConfig.SCHEME.equals(parsed.scheme())) {
            BitcoinNodeConfig config = BitcoinNodeConfig.fromUri(parsed);
            return new NodeAttachment(name, messageNetwork(config.network()), listener -> new BitcoinNodeAdapter(config, listener));
        }
        if (JsonLinesNodeConfig.SCHEME.equals(parsed.scheme())) {
            JsonLinesNodeConfig config = JsonLinesNodeConfig.fromUri(parsed);
            return new NodeAttachment(name, Network.BUNKERCOIN, listener -> new JsonLinesNodeAdapter(config, listener));
        }
        throw new LinkUriException("node URI '" + uri + "': unknown scheme '" + parsed.scheme() + "' (known: bitcoin, jsonl)");
    }

    private static Network messageNetwork(BitcoinNetwork network) {
        return switch (network) {
            case MAINNET -> Network.BITCOIN_MAINNET;
            case TESTNET3 -> Network.BITCOIN_TESTNET3;
            case SIGNET -> Network.BITCOIN_SIGNET;
            case REGTEST -> Network.BITCOIN_REGTEST;
        };
    }

    /**
     * Joins the node to {@code target} before it starts: the transactions of the node's network
     * that reach {@code target} over a link are queued for the node in {@code store}.
     */
    public void attach(Station target, MessageStore store) {
        this.station = Objects.requireNonNull(target, "target");
        delivery = new NodeDelivery(name, store.queue(destination()), adapter, this::rawTransaction);
        target.deliverToNode(destination(), this::takes, delivery::wake);
        target.reportBestHeightOf(this::bestHeight);
    }

    /** Starts the adapter and the delivery; from now on what the node announces goes to the station it is attached to. */
    public void start() {
        if (delivery == null) {
            throw new IllegalStateException("node " + name + ": attach it to a station first");
        }
        adapter.start();
        delivery.start();
    }

    /** The store queue of the messages waiting for this node. */
    public String destination() {
        return DESTINATION_PREFIX + name;
    }

    /** Transactions handed to the node since start (see {@link NodeDelivery#delivered()}). */
    public long delivered() {
        return delivery == null ? 0 : delivery.delivered();
    }

    private boolean takes(Message message) {
        return message instanceof TxMessage tx && tx.network() == network;
    }

    private Optional<byte[]> rawTransaction(byte[] payload) {
        try {
            return MessageCodec.INSTANCE.decode(payload) instanceof TxMessage tx && tx.network() == network
                    ? Optional.of(tx.rawTransaction()) : Optional.empty();
        } catch (MalformedMessageException e) {
            return Optional.empty();
        }
    }

    /** The node's best height as its adapter knows it ({@link NodeAdapter#bestHeight()}), or empty. */
    public OptionalLong bestHeight() {
        return adapter.bestHeight();
    }

    /** Whether the node is connected now, as its adapter knows it. */
    public NodeState state() {
        return adapter.state();
    }

    /** The node's name, as in its {@code [[node]]} section. */
    public String name() {
        return name;
    }

    public Network network() {
        return network;
    }

    public NodeAdapter adapter() {
        return adapter;
    }

    @Override
    public void onTransaction(byte[] rawTx) {
        submit(new TxMessage(network, rawTx));
    }

    @Override
    public void onHeaders(List<byte[]> rawHeaders) {
        if (!rawHeaders.isEmpty()) {
            submit(new HeadersMessage(network, rawHeaders));
        }
    }

    @Override
    public void onBlock(byte[] rawBlock) {
        // Full blocks stay on the internet side: radio links carry headers and transactions.
        Logger.debug("node {}: block of {} bytes not relayed to radio", name, rawBlock.length);
    }

    @Override
    public void onStateChanged(NodeState state, String detail) {
        Logger.info("node {}: {}{}", name, state, detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        Station target = station;
        if (target != null) {
            target.events().stateChanged("node " + name, state.name(), detail);
        }
        NodeDelivery waiting = delivery;
        if (state == NodeState.UP && waiting != null) {
            waiting.wake(); // what queued up while the node was away goes now
        }
    }

    private void submit(Message message) {
        Station target = station;
        if (target == null) {
            return;
        }
        target.submit(message).whenComplete((id, error) -> {
            if (error != null) {
                Logger.error("node {}: could not accept {} from the node: {}", name, message.kind(), error.getMessage());
            } else {
                Logger.info("node {}: accepted {} {} for the radio links", name, message.kind(), id.shortHex());
            }
        });
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
        }
        adapter.close();
    }
}
