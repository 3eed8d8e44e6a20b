package org.skywave.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.transport.tcp.TcpLinkContractTest.awaitReal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.TransportException;

/** TCP links over real loopback sockets: hostile peers, restarts, keep-alive, several clients. */
class TcpLinkTest {

    static final long SEED = 0x7C9L;
    static final int SOCKET_TIMEOUT_MS = 10_000;

    private final TcpTransport transport = new TcpTransport(new Random(SEED));
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        transport.shutdown();
    }

    private TcpLink open(String uri, Recorder recorder) throws Exception {
        return transport.open(LinkUri.parse(uri), recorder);
    }

    private Socket rawClient(int port) throws IOException {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), SOCKET_TIMEOUT_MS);
        socket.setSoTimeout(SOCKET_TIMEOUT_MS);
        return socket;
    }

    private static void awaitSuccess(CompletableFuture<Void> future) throws Exception {
        future.get(SOCKET_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void profileIsTcpWithMaxframeAsMtu() throws Exception {
        TcpLink server = open("tcp-listen://127.0.0.1:0?maxframe=2048", new Recorder());
        assertEquals(LinkProfiles.TCP.withMtu(2048), server.profile());
        assertTrue(server.localPort() > 0, "an ephemeral port was bound: " + server.localPort());
        assertEquals(LinkState.CONNECTING, server.state(), "listening, no peer yet");
    }

    @Test
    void overLongLengthClosesThatPeerAndTheNextConnectionWorks() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0?maxframe=1024", serverEvents);
        Socket hostile = rawClient(server.localPort());
        DataOutputStream out = new DataOutputStream(hostile.getOutputStream());
        out.writeInt(2000);
        out.write(new byte[100]);
        out.flush();
        assertEquals(-1, hostile.getInputStream().read(), "the server closed the hostile peer");
        awaitReal(() -> server.stats().malformedFrames() == 1, "malformed frame counted");

        Recorder clientEvents = new Recorder();
        TcpLink client = open("tcp://127.0.0.1:" + server.localPort() + "?maxframe=1024", clientEvents);
        awaitReal(() -> client.state() == LinkState.UP && server.peerCount() == 1, "a well-behaved client connects");
        awaitSuccess(client.broadcast(new byte[] {1, 2, 3}));
        awaitReal(() -> serverEvents.frameCount() == 1, "its frame arrives");
        assertArrayEquals(new byte[] {1, 2, 3}, serverEvents.frames().get(0).payload());
        assertEquals(1, server.stats().malformedFrames(), "counted once");
    }

    @Test
    void framesSplitAcrossWritesAndCoalescedInOneWriteArriveWhole() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0", serverEvents);
        Socket raw = rawClient(server.localPort());
        OutputStream out = raw.getOutputStream();
        Random random = new Random(SEED);
        byte[][] frames = new byte[4][];
        ByteArrayOutputStream coalesced = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            frames[i] = new byte[1 + random.nextInt(500)];
            random.nextBytes(frames[i]);
            coalesced.write(ByteBuffer.allocate(4).putInt(frames[i].length).array());
            coalesced.write(frames[i]);
            coalesced.write(new byte[4]); // a keep-alive between frames
        }
        out.write(coalesced.toByteArray());
        out.flush();
        frames[3] = new byte[300];
        random.nextBytes(frames[3]);
        byte[] split = ByteBuffer.allocate(4 + 300).putInt(300).put(frames[3]).array();
        for (int offset = 0; offset < split.length; offset += 97) {
            out.write(split, offset, Math.min(97, split.length - offset));
            out.flush();
            Thread.sleep(10);
        }
        awaitReal(() -> serverEvents.frameCount() == 4, "four frames (seed " + SEED + ")");
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(frames[i], serverEvents.frames().get(i).payload(), "frame " + i);
        }
        assertEquals(0, server.stats().malformedFrames());
    }

    @Test
    void clientRedialsAfterTheServerRestarts() throws Exception {
        TcpLink first = open("tcp-listen://127.0.0.1:0", new Recorder());
        int port = first.localPort();
        Recorder clientEvents = new Recorder();
        TcpLink client = open("tcp://127.0.0.1:" + port + "?reconnect-min=20&reconnect-max=100", clientEvents);
        awaitReal(() -> client.state() == LinkState.UP, "client UP");

        first.close();
        awaitReal(() -> clientEvents.saw(LinkState.DOWN), "client sees the server go");
        assertInstanceOf(TransportException.class, assertThrows(CompletionException.class,
                () -> client.broadcast(new byte[] {9}).join()).getCause(), "no sending while down");
        Thread.sleep(300); // several failed redials
        assertTrue(client.state() == LinkState.CONNECTING, "redialling: " + client.state());

        Recorder secondEvents = new Recorder();
        TcpLink second = open("tcp-listen://127.0.0.1:" + port, secondEvents);
        awaitReal(() -> client.state() == LinkState.UP, "client UP again");
        awaitSuccess(client.broadcast(new byte[] {7, 7}));
        awaitReal(() -> secondEvents.frameCount() == 1, "frame reaches the restarted server");
        List<LinkState> states = clientEvents.states();
        assertEquals(List.of(LinkState.UP, LinkState.DOWN, LinkState.CONNECTING, LinkState.UP), states);
        assertEquals(second.localPort(), port);
    }

    @Test
    void clientKeepsDiallingAServerThatIsNotThereYet() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Recorder clientEvents = new Recorder();
        TcpLink client = open("tcp://127.0.0.1:" + port + "?reconnect-min=20&reconnect-max=50", clientEvents);
        CompletableFuture<Void> early = client.broadcast(new byte[] {1});
        assertInstanceOf(TransportException.class, assertThrows(CompletionException.class, early::join).getCause());
        Thread.sleep(200);
        assertEquals(LinkState.CONNECTING, client.state());
        TcpLink server = open("tcp-listen://127.0.0.1:" + port, new Recorder());
        awaitReal(() -> client.state() == LinkState.UP && server.state() == LinkState.UP, "both UP once the server exists");
    }

    @Test
    void keepAliveKeepsAnIdleLinkUp() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0?keepalive=1", serverEvents);
        Recorder clientEvents = new Recorder();
        TcpLink client = open("tcp://127.0.0.1:" + server.localPort() + "?keepalive=1", clientEvents);
        awaitReal(() -> client.state() == LinkState.UP && server.state() == LinkState.UP, "both UP");
        Thread.sleep(4_500); // longer than the 3 s a silent peer is allowed
        assertEquals(List.of(LinkState.UP), clientEvents.states(), "client never dropped");
        assertEquals(List.of(LinkState.UP), serverEvents.states(), "server never dropped");
        assertEquals(0, serverEvents.frameCount() + clientEvents.frameCount(), "keep-alives are not delivered");
        awaitSuccess(client.broadcast(new byte[] {5}));
        awaitReal(() -> serverEvents.frameCount() == 1, "the idle link still carries frames");
    }

    @Test
    void aSilentPeerGetsKeepAlivesThenIsDropped() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0?keepalive=1", serverEvents);
        Socket silent = rawClient(server.localPort());
        long start = System.nanoTime();
        DataInputStream in = new DataInputStream(silent.getInputStream());
        assertEquals(0, in.readInt(), "a keep-alive is a zero-length frame");
        int keepAlives = 1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            assertEquals(0, b, "only keep-alive bytes");
            keepAlives++;
            assertTrue(keepAlives < 100, "bounded");
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs >= 2_000, "dropped only after three silent keep-alive periods, took " + elapsedMs + " ms");
        awaitReal(() -> serverEvents.saw(LinkState.DOWN), "server reports DOWN");
        assertEquals(List.of(LinkState.UP, LinkState.DOWN), serverEvents.states());
    }

    @Test
    void listenerSendsToEveryClientAndKnowsWhoSentWhat() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = open("tcp-listen://127.0.0.1:0", serverEvents);
        Recorder oneEvents = new Recorder();
        Recorder twoEvents = new Recorder();
        TcpLink one = open("tcp://127.0.0.1:" + server.localPort(), oneEvents);
        TcpLink two = open("tcp://127.0.0.1:" + server.localPort(), twoEvents);
        awaitReal(() -> server.peerCount() == 2 && one.state() == LinkState.UP && two.state() == LinkState.UP, "two clients");

        awaitSuccess(server.broadcast(new byte[] {42}));
        awaitReal(() -> oneEvents.frameCount() == 1 && twoEvents.frameCount() == 1, "both clients get the frame");
        assertEquals(new TcpAddress("127.0.0.1", server.localPort()), oneEvents.frames().get(0).from());
        assertEquals(2, server.stats().framesSent(), "one frame written to each of two peers");

        awaitSuccess(two.broadcast(new byte[] {2}));
        awaitReal(() -> serverEvents.frameCount() == 1, "server hears client two");
        assertEquals(new TcpAddress("127.0.0.1", two.localPort()), serverEvents.frames().get(0).from());

        one.close();
        awaitReal(() -> server.peerCount() == 1, "one client left");
        assertEquals(LinkState.UP, server.state(), "still UP with one client");
        two.close();
        awaitReal(() -> server.state() == LinkState.DOWN, "DOWN with none");
    }

    @Test
    void sendWithNoPeerFails() throws Exception {
        TcpLink server = open("tcp-listen://127.0.0.1:0", new Recorder());
        Throwable cause = assertThrows(CompletionException.class, () -> server.broadcast(new byte[] {1}).join()).getCause();
        assertInstanceOf(TransportException.class, cause);
        assertTrue(cause.getMessage().contains("no peer connected"), cause.getMessage());
    }

    @Test
    void writabilityFollowsASlowReader() throws Exception {
        try (ServerSocket slow = new ServerSocket()) {
            slow.setReceiveBufferSize(4096);
            slow.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Recorder events = new Recorder();
            TcpLink client = open("tcp://127.0.0.1:" + slow.getLocalPort() + "?keepalive=0", events);
            Socket accepted = slow.accept();
            sockets.add(accepted);
            awaitReal(() -> client.state() == LinkState.UP, "client UP");

            byte[] frame = new byte[client.profile().mtu()];
            new Random(SEED).nextBytes(frame);
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int i = 0; i < 600 && client.isWritable(); i++) {
                sent.add(client.broadcast(frame));
                Thread.sleep(1);
            }
            assertFalse(client.isWritable(), "a reader that does not read makes the link unwritable within "
                    + sent.size() + " frames of " + frame.length + " bytes");
            awaitReal(() -> events.writability().contains(false), "listener told");

            InputStream in = accepted.getInputStream();
            long expected = (long) sent.size() * (frame.length + 4);
            long read = 0;
            byte[] sink = new byte[65536];
            while (read < expected) {
                int n = in.read(sink);
                assertTrue(n > 0, "stream ended after " + read + " of " + expected + " bytes");
                read += n;
            }
            for (CompletableFuture<Void> f : sent) {
                awaitSuccess(f);
            }
            awaitReal(client::isWritable, "writable again once drained");
            List<Boolean> changes = events.writability();
            assertEquals(false, changes.get(0), "first change: not writable " + changes);
            assertEquals(true, changes.get(changes.size() - 1), "last change: writable " + changes);
            for (int i = 1; i < changes.size(); i++) {
                assertNotEquals(changes.get(i - 1), changes.get(i), "only real changes are reported: " + changes);
            }
        }
    }

    @Test
    void shutdownClosesLinksAndRefusesNewOnes() throws Exception {
        TcpLink server = open("tcp-listen://127.0.0.1:0", new Recorder());
        TcpLink client = open("tcp://127.0.0.1:" + server.localPort(), new Recorder());
        awaitReal(() -> client.state() == LinkState.UP, "client UP");
        transport.shutdown();
        assertEquals(LinkState.CLOSED, server.state());
        assertEquals(LinkState.CLOSED, client.state());
        TransportException e = assertThrows(TransportException.class, () -> open("tcp-listen://127.0.0.1:0", new Recorder()));
        assertTrue(e.getMessage().contains("shut down"), e.getMessage());
    }

    @Test
    void listeningOnABusyPortFailsClearly() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String uri = "tcp-listen://127.0.0.1:" + busy.getLocalPort();
            TransportException e = assertThrows(TransportException.class, () -> open(uri, new Recorder()));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + busy.getLocalPort()), e.getMessage());
        }
    }
}
