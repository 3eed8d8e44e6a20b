package org.skywave.bridge.node.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The handshake and control messages, against scripted peers of protocol 70016 (Core 0.21+) and 70015 (bcoin 1.0). */
class BitcoinPeerHandlerTest {

    private static final long OUR_NONCE = 99;
    private final List<String> events = new ArrayList<>();
    private BitcoinPeerHandler handler;
    private EmbeddedChannel channel;

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void sendsVersionFirstThenFeatureMessagesBeforeVerackToA70016Peer() throws Exception {
        open();
        VersionPayload ours = VersionPayload.decode(next("version").payload());
        assertEquals(70016, ours.version());
        assertEquals(VersionPayload.NODE_WITNESS, ours.services());
        assertEquals(OUR_NONCE, ours.nonce());
        assertEquals(BitcoinNodeConfig.DEFAULT_USER_AGENT, ours.userAgent());
        assertTrue(ours.relay());

        channel.writeInbound(peerVersion(70016), SmallPayloads.empty("wtxidrelay"), SmallPayloads.empty("sendaddrv2"));
        next("wtxidrelay");
        next("sendaddrv2");
        next("verack");
        assertFalse(handler.isHandshakeDone());

        channel.writeInbound(SmallPayloads.empty("verack"));
        next("sendheaders");
        assertTrue(handler.isHandshakeDone());
        assertTrue(handler.wtxidRelay());
        assertEquals(List.of("handshake /Satoshi:27.0.0/"), events);
        assertNull(channel.readOutbound());
    }

    @Test
    void speaks70015WithoutFeatureMessagesToBcoin() throws Exception {
        open();
        next("version");
        channel.writeInbound(peerVersion(70015), SmallPayloads.empty("verack"));
        next("verack");
        next("sendheaders");
        assertTrue(handler.isHandshakeDone());
        assertFalse(handler.wtxidRelay());
        assertNull(channel.readOutbound());
    }

    @Test
    void answersPingWithTheSameNonce() throws Exception {
        open();
        next("version");
        channel.writeInbound(SmallPayloads.ping(0x0102030405060708L));
        assertEquals(0x0102030405060708L, SmallPayloads.nonce(next("pong")));
    }

    @Test
    void ignoresDataMessagesBeforeTheHandshake() {
        open();
        next("version");
        channel.writeInbound(InventoryPayload.toMessage("inv", List.of(new InventoryItem(InventoryItem.MSG_TX, new byte[32]))));
        assertTrue(events.isEmpty());
        assertTrue(channel.isActive());
    }

    @Test
    void closesOnADuplicateVersion() {
        open();
        next("version");
        channel.writeInbound(peerVersion(70015));
        channel.writeInbound(peerVersion(70015));
        assertFalse(channel.isActive());
        assertEquals("disconnected protocol error: duplicate 'version' message", events.get(events.size() - 1));
    }

    @Test
    void closesWhenConnectedToItself() {
        open();
        next("version");
        VersionPayload self = new VersionPayload(70016, 8, 0, NetworkAddress.unspecified(), NetworkAddress.unspecified(),
                OUR_NONCE, "/Skywave:0.1.0/", 0, true);
        channel.writeInbound(self.toMessage());
        assertFalse(channel.isActive());
        assertEquals("disconnected connected to ourselves (version nonce matches ours)", events.get(events.size() - 1));
    }

    private void open() {
        BitcoinNodeConfig config = BitcoinNodeConfig.of("127.0.0.1", 18444, BitcoinNetwork.REGTEST);
        handler = new BitcoinPeerHandler(config, new Recorder(), OUR_NONCE);
        channel = new EmbeddedChannel(handler);
    }

    private BitcoinMessage next(String command) {
        BitcoinMessage message = channel.readOutbound();
        assertEquals(command, message == null ? null : message.command());
        return message;
    }

    private static BitcoinMessage peerVersion(int version) {
        try {
            return new VersionPayload(version, VersionPayload.NODE_NETWORK | VersionPayload.NODE_WITNESS, 1_700_000_000L,
                    NetworkAddress.unspecified(), NetworkAddress.of(9, InetAddress.getByName("127.0.0.1"), 18444), 12345L,
                    "/Satoshi:27.0.0/", 110, true).toMessage();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private final class Recorder implements BitcoinPeerHandler.PeerEvents {
        @Override
        public void handshakeDone(BitcoinPeerHandler peer, VersionPayload version) {
            events.add("handshake " + version.userAgent());
        }

        @Override
        public void inventory(BitcoinPeerHandler peer, List<InventoryItem> items) {
            events.add("inv " + items.size());
        }

        @Override
        public void getData(BitcoinPeerHandler peer, List<InventoryItem> items) {
            events.add("getdata " + items.size());
        }

        @Override
        public void notFound(BitcoinPeerHandler peer, List<InventoryItem> items) {
            events.add("notfound " + items.size());
        }

        @Override
        public void transaction(BitcoinPeerHandler peer, byte[] rawTx) {
            events.add("tx");
        }

        @Override
        public void headers(BitcoinPeerHandler peer, List<byte[]> headers) {
            events.add("headers " + headers.size());
        }

        @Override
        public void block(BitcoinPeerHandler peer, byte[] rawBlock) {
            events.add("block");
        }

        @Override
        public void disconnected(BitcoinPeerHandler peer, String reason) {
            events.add("disconnected " + reason);
        }
    }
}
