package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.skywave.transport.tcp.TcpLinkContractTest.awaitReal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.LinkAddress;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;

/**
 * {@link TcpLink#disconnect}: a banned peer's connections are closed and it is kept away for the
 * ban time (a listener refuses its address, a client does not redial), then taken back. Real
 * loopback sockets; the bans last a second or two so that the test sees both sides of the end.
 */
class TcpLinkDisconnectTest {

    static final int SOCKET_TIMEOUT_MS = 10_000;
    /** Long enough for a few reconnects on a loaded machine to fall inside it, short enough to wait out. */
    static final Duration BAN = Duration.ofMillis(2_000);

    private final TcpTransport transport = new TcpTransport(new Random(0xBA7L));
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        transport.shutdown();
    }

    private TcpLink open(String uri, LinkListener listener) throws Exception {
        return transport.open(LinkUri.parse(uri), listener);
    }

    private Socket rawClient(int port) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    private static void sendFrame(Socket socket, byte[] frame) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** True once the far end closed {@code socket}: end of stream (or a reset) before any byte, within the socket timeout. */
    private static boolean closedByFarEnd(Socket socket) throws IOException {
        try {
            int b = socket.getInputStream().read();
            if (b >= 0) {
                fail("expected the connection to be closed, read byte " + b);
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    /** Checks {@code holds} every few milliseconds for {@code duration}; fails at the first moment it does not. */
    private static void holdsFor(Duration duration, BooleanSupplier holds, String what) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - end < 0) {
            assertTrue(holds.getAsBoolean(), what);
            Thread.sleep(10);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    @Test
    void listenerClosesEveryConnectionOfTheHostRefusesItDuringTheBanAndTakesItBackAfter() throws Exception {
        Recorder events = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0", events);
        Socket first = rawClient(server.localPort());
        Socket second = rawClient(server.localPort());
        sendFrame(first, new byte[] {1});
        sendFrame(second, new byte[] {2});
        awaitReal(() -> events.frameCount() == 2 && server.peerCount() == 2, "two peers, one frame each");
        LinkAddress offender = events.frames().get(0).from();

        long banStart = System.nanoTime();
        assertTrue(server.disconnect(offender, BAN, "ban score 100 reached"));
        assertTrue(closedByFarEnd(first), "the offending connection is closed");
        assertTrue(closedByFarEnd(second), "so is the other connection from the same address (another port)");
        awaitReal(() -> server.peerCount() == 0 && server.state() == LinkState.DOWN, "no peer left");
        assertEquals(0, server.refusedConnections(), "closing is not refusing");

        Socket again = rawClient(server.localPort());
        sendFrame(again, new byte[] {3});
        assertTrue(closedByFarEnd(again), "a reconnect within the ban is closed at once");
        Socket andAgain = rawClient(server.localPort());
        assertTrue(closedByFarEnd(andAgain), "and so is the next");
        assertTrue(System.nanoTime() - banStart < BAN.toNanos(), "the reconnects fell inside the ban; the machine was too slow");
        awaitReal(() -> server.refusedConnections() == 2, "both refusals counted");
        assertEquals(2, events.frameCount(), "nothing from a refused connection is delivered");
        assertEquals(List.of(LinkState.UP, LinkState.DOWN), events.states(), "a refused connection never brings the link up");

        sleepUntil(banStart + BAN.toNanos() + TimeUnit.MILLISECONDS.toNanos(50));
        Socket afterBan = rawClient(server.localPort());
        sendFrame(afterBan, new byte[] {4});
        awaitReal(() -> events.frameCount() == 3 && server.peerCount() == 1, "accepted again after the ban");
        assertArrayEquals(new byte[] {4}, events.frames().get(2).payload());
        server.broadcast(new byte[] {9}).get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        DataInputStream in = new DataInputStream(afterBan.getInputStream());
        assertEquals(1, in.readInt(), "length of the frame sent to the peer taken back");
        assertEquals(9, in.readByte());
        assertEquals(2, server.refusedConnections(), "not refused after the ban");
        assertEquals(LinkState.UP, server.state());
    }

    @Test
    void listenerBanOfAnotherAddressLeavesConnectedPeersAndNewOnesAlone() throws Exception {
        Recorder events = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0", events);
        Socket peer = rawClient(server.localPort());
        sendFrame(peer, new byte[] {1});
        awaitReal(() -> events.frameCount() == 1, "frame from the peer");

        // 192.0.2.0/24 is TEST-NET-1: no packet goes there, the ban is only an entry in the listener.
        assertTrue(server.disconnect(new TcpAddress("192.0.2.7", 4000), Duration.ofMinutes(10), "other host"));
        sendFrame(peer, new byte[] {2});
        Socket newcomer = rawClient(server.localPort());
        sendFrame(newcomer, new byte[] {3});
        awaitReal(() -> events.frameCount() == 3 && server.peerCount() == 2, "the peer and a newcomer from 127.0.0.1 are served");
        assertEquals(0, server.refusedConnections());
        assertEquals(List.of(LinkState.UP), events.states());
    }

    @Test
    void disconnectRefusesWhatIsNotATcpPeerOfAnOpenLinkAndChecksItsArguments() throws Exception {
        TcpLink server = open("tcp-listen://127.0.0.1:0", new Recorder());
        LinkAddress callsign = new LinkAddress() {
            @Override
            public String toString() {
                return "N0CALL-1";
            }
        };
        assertFalse(server.disconnect(callsign, BAN, "not TCP"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> server.disconnect(new TcpAddress("127.0.0.1", 1), Duration.ofSeconds(-1), "negative"));
        assertTrue(negative.getMessage().contains("PT-1S"), negative.getMessage());
        server.close();
        assertFalse(server.disconnect(new TcpAddress("127.0.0.1", 1), BAN, "closed"), "a closed link drops nobody");
    }

    @Test
    void clientHangsUpDoesNotRedialDuringTheBanSaysWhyAndRedialsAfter() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0", serverEvents);
        Details clientEvents = new Details();
        TcpLink client = open("tcp://127.0.0.1:" + server.localPort() + "?reconnect-min=20&reconnect-max=50", clientEvents);
        awaitReal(() -> client.state() == LinkState.UP && server.peerCount() == 1, "client UP");
        client.broadcast(new byte[] {1}).get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        awaitReal(() -> serverEvents.frameCount() == 1, "frame at the server");

        long banStart = System.nanoTime();
        assertFalse(client.disconnect(new TcpAddress("192.0.2.7", server.localPort()), BAN, "not my server"),
                "a client drops only its own server");
        assertEquals(LinkState.UP, client.state());
        assertTrue(client.disconnect(new TcpAddress("127.0.0.1", server.localPort()), BAN, "ban score 100 reached"));
        awaitReal(() -> client.state() == LinkState.DOWN && server.peerCount() == 0, "hung up");
        String down = clientEvents.last();
        assertTrue(down.startsWith("DOWN") && down.contains("peer banned until") && down.contains("ban score 100 reached"), down);

        // Without the ban it would redial within 50 ms; it stays away for the ban instead.
        holdsFor(BAN.minus(Duration.ofMillis(300)), () -> client.state() == LinkState.DOWN && server.peerCount() == 0,
                "no redial during the ban: client " + client.state() + ", server peers " + server.peerCount());
        awaitReal(() -> client.state() == LinkState.UP && server.peerCount() == 1, "redialled after the ban");
        assertTrue(System.nanoTime() - banStart >= BAN.toNanos(), "not before the ban's end");
        assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.CONNECTING, LinkState.UP), clientEvents.states(),
                clientEvents.all().toString());
        assertTrue(clientEvents.all().get(2).contains("ban of 127.0.0.1:" + server.localPort() + " over"), clientEvents.all().toString());
        client.broadcast(new byte[] {2}).get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        awaitReal(() -> serverEvents.frameCount() == 2, "the link carries frames again");
    }

    @Test
    void clientBannedWhileWaitingToRedialWaitsForTheEndOfTheBan() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Details clientEvents = new Details();
        TcpLink client = open("tcp://127.0.0.1:" + port + "?reconnect-min=20&reconnect-max=50", clientEvents);
        Thread.sleep(200); // several failed dials, each followed by a wait to redial
        assertEquals(LinkState.CONNECTING, client.state(), "dialling a server that is not there");

        long banStart = System.nanoTime();
        assertTrue(client.disconnect(new TcpAddress("127.0.0.1", port), BAN, "banned"), "the configured host is its server");
        awaitReal(() -> client.state() == LinkState.DOWN, "waiting for the end of the ban");
        TcpLink server = open("tcp-listen://127.0.0.1:" + port, new Recorder());
        holdsFor(BAN.minus(Duration.ofMillis(500)), () -> server.peerCount() == 0, "no dial during the ban");
        awaitReal(() -> client.state() == LinkState.UP && server.peerCount() == 1, "dialled after the ban");
        assertTrue(System.nanoTime() - banStart >= BAN.toNanos(), "not before the ban's end");
    }

    /** Records each state change with its detail, as {@code STATE: detail}. */
    private static final class Details implements LinkListener {
        private final List<String> changes = new ArrayList<>();
        private final List<LinkState> states = new ArrayList<>();

        @Override
        public synchronized void onFrame(InboundFrame frame) {
        }

        @Override
        public synchronized void onStateChanged(LinkState state, String detail) {
            states.add(state);
            changes.add(state + ": " + detail);
        }

        @Override
        public void onWritabilityChanged(boolean writable) {
        }

        synchronized List<LinkState> states() {
            return new ArrayList<>(states);
        }

        synchronized List<String> all() {
            return new ArrayList<>(changes);
        }

        synchronized String last() {
            return changes.isEmpty() ? "" : changes.get(changes.size() - 1);
        }
    }
}
