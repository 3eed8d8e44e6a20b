package org.skywave.bridge.node.bitcoin;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * One connection to a Bitcoin node: the version handshake, pings, and parsing of the messages
 * the adapter acts on, which it hands to {@link PeerEvents}. Runs on the connection's event loop.
 *
 * <p>Handshake (https://en.bitcoin.it/wiki/Version_Handshake): we send {@code version} first; on
 * the node's {@code version} we send the feature messages a modern node expects before
 * {@code verack} ({@code wtxidrelay}, BIP 339, and {@code sendaddrv2}, BIP 155, when both sides
 * speak 70016, as Core does), then {@code verack}. Once both verack and version are in, we send
 * {@code sendheaders} (BIP 130) so new blocks are announced as headers.
 */
final class BitcoinPeerHandler extends SimpleChannelInboundHandler<BitcoinMessage> {

    /**
     * The protocol version we speak: 70016 (Core 0.21+), the first with BIP 339 wtxid relay, so
     * that a current Core node relays transactions to us as it does to its other peers. bcoin 1.0
     * answers 70015 and both sides then use 70015: no wtxidrelay, transactions named by txid.
     */
    static final int PROTOCOL_VERSION = 70016;
    /** BIP 339 applies only when both sides speak at least this version. */
    static final int WTXID_RELAY_VERSION = 70016;
    /** Oldest version we talk to: BIP 130's sendheaders (70012) is what we rely on for block announcements. */
    static final int MIN_PEER_VERSION = 70012;

    /** Events of one connection, in arrival order, on the event loop. */
    interface PeerEvents {
        void handshakeDone(BitcoinPeerHandler peer, VersionPayload version);

        void inventory(BitcoinPeerHandler peer, List<InventoryItem> items);

        void getData(BitcoinPeerHandler peer, List<InventoryItem> items);

        void notFound(BitcoinPeerHandler peer, List<InventoryItem> items);

        void transaction(BitcoinPeerHandler peer, byte[] rawTx);

        void headers(BitcoinPeerHandler peer, List<byte[]> headers);

        void block(BitcoinPeerHandler peer, byte[] rawBlock);

        void disconnected(BitcoinPeerHandler peer, String reason);
    }

    private final BitcoinNodeConfig config;
    private final PeerEvents events;
    private final long ourNonce;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> handshakeTimer;
    private VersionPayload peerVersion;
    private boolean verackReceived;
    private boolean handshakeDone;
    private boolean sentWtxidRelay;
    private boolean peerSentWtxidRelay;
    private boolean pingOutstanding;
    private String closeReason;

    BitcoinPeerHandler(BitcoinNodeConfig config, PeerEvents events, long ourNonce) {
        this.config = config;
        this.events = events;
        this.ourNonce = ourNonce;
    }

    /** True once both sides sent wtxidrelay: transactions are then announced and requested by wtxid. */
    boolean wtxidRelay() {
        return sentWtxidRelay && peerSentWtxidRelay;
    }

    boolean isHandshakeDone() {
        return handshakeDone;
    }

    void send(BitcoinMessage message) {
        if (ctx != null && ctx.channel().isActive()) {
            ctx.writeAndFlush(message, ctx.voidPromise());
        }
    }

    io.netty.channel.ChannelFuture sendWithFuture(BitcoinMessage message) {
        return ctx.writeAndFlush(message);
    }

    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        NetworkAddress receiver = ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                ? NetworkAddress.of(0, remote.getAddress(), remote.getPort()) : NetworkAddress.unspecified();
        VersionPayload ours = new VersionPayload(PROTOCOL_VERSION, VersionPayload.NODE_WITNESS, Instant.now().getEpochSecond(),
                receiver, NetworkAddress.unspecified(), ourNonce,
                config.userAgent(), 0, true);
        send(ours.toMessage());
        long timeout = config.handshakeTimeout().toMillis();
        handshakeTimer = ctx.executor().schedule(
                () -> close("no version/verack from the node within " + timeout + " ms"), timeout, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        events.disconnected(this, closeReason == null ? "connection closed by the node" : closeReason);
        ctx.fireChannelInactive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, BitcoinMessage message) throws BitcoinProtocolException {
        pingOutstanding = false;
        String command = message.command();
        byte[] payload = message.payloadUnsafe();
        switch (command) {
            case BitcoinCommand.VERSION -> onVersion(payload);
            case BitcoinCommand.VERACK -> onVerack();
            case BitcoinCommand.WTXIDRELAY -> {
                // BIP 339: only meaningful between version and verack, at 70016 and up.
                if (peerVersion != null && !verackReceived && negotiatedVersion() >= WTXID_RELAY_VERSION) {
                    peerSentWtxidRelay = true;
                }
            }
            case BitcoinCommand.PING -> send(SmallPayloads.pong(SmallPayloads.nonce(message)));
            case BitcoinCommand.PONG -> Logger.trace("Bitcoin node {}: pong", config.describe());
            case BitcoinCommand.REJECT -> Logger.warn("Bitcoin node {}: {}", config.describe(), SmallPayloads.describeReject(payload));
            default -> {
                if (!handshakeDone) {
                    // As Core does, ignore everything but the handshake until it is done.
                    Logger.debug("Bitcoin node {}: ignoring '{}' before the handshake", config.describe(), command);
                    return;
                }
                onAfterHandshake(command, payload);
            }
        }
    }

    private void onAfterHandshake(String command, byte[] payload) throws BitcoinProtocolException {
        switch (command) {
            case BitcoinCommand.INV -> events.inventory(this, InventoryPayload.decode(command, payload));
            case BitcoinCommand.GETDATA -> events.getData(this, InventoryPayload.decode(command, payload));
            case BitcoinCommand.NOTFOUND -> events.notFound(this, InventoryPayload.decode(command, payload));
            case BitcoinCommand.TX -> events.transaction(this, payload);
            case BitcoinCommand.HEADERS -> events.headers(this, HeadersPayload.decode(payload));
            case BitcoinCommand.BLOCK -> events.block(this, payload);
            // Preferences and requests of a full node that we neither need nor serve.
            default -> Logger.debug("Bitcoin node {}: ignoring '{}' ({} bytes)", config.describe(), command, payload.length);
        }
    }

    private void onVersion(byte[] payload) throws BitcoinProtocolException {
        if (peerVersion != null) {
            throw new BitcoinProtocolException("duplicate 'version' message");
        }
        VersionPayload version = VersionPayload.decode(payload);
        if (version.nonce() == ourNonce) {
            close("connected to ourselves (version nonce matches ours)");
            return;
        }
        if (version.version() < MIN_PEER_VERSION) {
            close("node speaks protocol " + version.version() + ", older than the " + MIN_PEER_VERSION + " we need (sendheaders)");
            return;
        }
        peerVersion = version;
        Logger.info("Bitcoin node {}: version {} {} services=0x{} height {}", config.describe(), version.version(),
                version.userAgent(), Long.toHexString(version.services()), version.startHeight());
        if (negotiatedVersion() >= WTXID_RELAY_VERSION) {
            send(SmallPayloads.empty(BitcoinCommand.WTXIDRELAY));
            sentWtxidRelay = true;
            // As Core does: BIP 155 allows sendaddrv2 at any version, but older software (bcoin
            // 1.0 among it) logs it as unknown, and nothing older than 70016 speaks addrv2.
            send(SmallPayloads.empty(BitcoinCommand.SENDADDRV2));
        }
        send(SmallPayloads.empty(BitcoinCommand.VERACK));
        completeHandshakeIfReady();
    }

    private void onVerack() {
        verackReceived = true;
        completeHandshakeIfReady();
    }

    private int negotiatedVersion() {
        return Math.min(PROTOCOL_VERSION, peerVersion.version());
    }

    private void completeHandshakeIfReady() {
        if (handshakeDone || peerVersion == null || !verackReceived) {
            return;
        }
        handshakeDone = true;
        handshakeTimer.cancel(false);
        send(SmallPayloads.empty(BitcoinCommand.SENDHEADERS));
        events.handshakeDone(this, peerVersion);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            if (pingOutstanding) {
                close("no message from the node for two idle periods, the last after our ping");
            } else {
                pingOutstanding = true;
                send(SmallPayloads.ping(System.nanoTime()));
            }
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        String text = reason instanceof BitcoinProtocolException || reason instanceof java.io.IOException
                ? reason.getMessage() : reason.toString();
        Logger.warn("Bitcoin node {}: closing the connection: {}", config.describe(), text);
        close("protocol error: " + text);
    }
}
