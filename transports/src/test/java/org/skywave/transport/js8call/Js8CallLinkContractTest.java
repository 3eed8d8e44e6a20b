package org.skywave.transport.js8call;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.skywave.transport.Link;
import org.skywave.transport.LinkContractTest;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.Js8CallEmulator;
import org.skywave.transport.testing.Js8Channel;

/**
 * The link contract over JS8Call: two links on two emulated JS8Call instances (Turbo, 1/1000 of
 * real time) joined by a perfect channel. A JS8 channel has no sessions and cannot tell who
 * listens, so a link whose far end closed still sends.
 */
class Js8CallLinkContractTest extends LinkContractTest {

    private static final long WAIT_MS = 120_000; // hundreds of JS8 messages; the build machine may be loaded
    private static final double TIME_SCALE = 0.001;
    private static final int CHUNK_BYTES = 40;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Override
    protected LinkPair openPair() throws Exception {
        Js8Channel channel = Js8Channel.perfect();
        closing.add(channel);
        Js8CallEmulator modemA = new Js8CallEmulator("K1ABC", Js8Speed.TURBO, channel, 0, TIME_SCALE);
        closing.add(modemA);
        Js8CallEmulator modemB = new Js8CallEmulator("K2XYZ", Js8Speed.TURBO, channel, 0, TIME_SCALE);
        closing.add(modemB);
        Recorder aEvents = new Recorder();
        Recorder bEvents = new Recorder();
        Link a = new Js8CallTransport().open(uri(modemA, "K1ABC", "K2XYZ"), aEvents);
        closing.add(a::close);
        Link b = new Js8CallTransport().open(uri(modemB, "K2XYZ", "K1ABC"), bEvents);
        closing.add(b::close);
        await(() -> a.state() == LinkState.UP && b.state() == LinkState.UP, "both links up on their JS8Call");
        return new LinkPair(a, aEvents, b, bEvents);
    }

    private static LinkUri uri(Js8CallEmulator modem, String call, String peer) throws Exception {
        return LinkUri.parse("js8call://127.0.0.1:" + modem.port() + "?callsign=" + call + "&peer=" + peer
                + "&speed=turbo&repeat-after=1.5&chunk=" + CHUNK_BYTES);
    }

    /** Each frame is a JS8 message, and each message waits for the last one's box to empty: fewer of them. */
    @Override
    protected int framesForOrder() {
        return 20;
    }

    @Override
    protected int sizesSwept() {
        return 24;
    }

    @Override
    protected int randomSizes() {
        return 2;
    }

    /** The overhead is per chunk (check, header, header frames): a frame of two chunks pays it twice. */
    @Override
    protected int expectedOnAirBytes(Link link, int payload) {
        int chunks = (payload + CHUNK_BYTES - 1) / CHUNK_BYTES;
        return payload + chunks * link.profile().frameOverhead();
    }

    @Override
    protected boolean seesTheFarEndLeave() {
        return false;
    }

    @Override
    protected void await(BooleanSupplier condition, String what) {
        awaitRealTime(condition, what, WAIT_MS);
    }
}
