package org.skywave.transport.tcp;

import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.skywave.transport.LinkContractTest;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;

/** The link contract over real loopback TCP: a listener on an ephemeral port (a) and a client (b). */
class TcpLinkContractTest extends LinkContractTest {

    static final long WAIT_MS = 10_000;

    private TcpTransport transport;

    @BeforeEach
    void start() {
        transport = new TcpTransport(new Random(SEED));
    }

    @AfterEach
    void stop() {
        transport.shutdown();
    }

    @Override
    protected LinkPair openPair() throws Exception {
        Recorder serverEvents = new Recorder();
        TcpLink server = transport.open(LinkUri.parse("tcp-listen://127.0.0.1:0?maxframe=1024&keepalive=5"), serverEvents);
        Recorder clientEvents = new Recorder();
        TcpLink client = transport.open(LinkUri.parse("tcp://127.0.0.1:" + server.localPort()
                + "?maxframe=1024&keepalive=5&reconnect-min=50&reconnect-max=200"), clientEvents);
        await(() -> server.state() == LinkState.UP && client.state() == LinkState.UP, "both ends UP");
        return new LinkPair(server, serverEvents, client, clientEvents);
    }

    @Override
    protected void await(BooleanSupplier condition, String what) {
        awaitReal(condition, what);
    }

    /** Polls every few milliseconds for at most {@link #WAIT_MS}. */
    static void awaitReal(BooleanSupplier condition, String what) {
        awaitRealTime(condition, what, WAIT_MS);
    }
}
