package org.skywave.transport.kiss;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.transport.LinkContractTest;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.testing.SocatPtyPair;

/**
 * The link contract over KISS on a real pseudo-terminal pair (socat): two stations' serial KISS
 * links wired to each other as by a null-modem cable, each hearing the other's UI frames as if
 * from its TNC. Paced by airtime at 9600 bit/s with a 10 ms TXDELAY, so 500 frames take seconds.
 */
class KissLinkContractIT extends LinkContractTest {

    static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;
    private SocatPtyPair ptys;
    private final KissSerialTransport transport = new KissSerialTransport();

    @BeforeEach
    void start() throws Exception {
        ptys = SocatPtyPair.start(dir.resolve("ptys"));
    }

    @AfterEach
    void stop() throws Exception {
        transport.shutdown();
        ptys.close();
    }

    @Override
    protected LinkPair openPair() throws Exception {
        String common = "&baud=115200&bitrate=9600&probe=false&txdelay=1&txtail=1";
        Recorder aEvents = new Recorder();
        var a = transport.open(LinkUri.parse("kiss-serial://" + ptys.hostPath() + "?callsign=N0CALL-1" + common), aEvents);
        Recorder bEvents = new Recorder();
        var b = transport.open(LinkUri.parse("kiss-serial://" + ptys.tncPath() + "?callsign=N0CALL-2" + common), bEvents);
        await(() -> a.state() == LinkState.UP && b.state() == LinkState.UP, "both ends UP");
        return new LinkPair(a, aEvents, b, bEvents);
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
