package org.skywave.transport.sim;

import java.time.Duration;
import org.skywave.transport.LinkContractTest.Recorder;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;

/** The link contract over the simulated connected mode (VARA HF 2300 with ARQ), a session open between the ends. */
class SimSessionLinkContractTest extends SimLinkContractTest {

    @Override
    protected LinkPair openPair() throws Exception {
        String modem = "sim:vara-hf-2300?channel=contract&session=on-demand&arq=true&idle=86400";
        Recorder aEvents = new Recorder();
        SimLink a = transport.open(LinkUri.parse(modem + "&callsign=N0CALL-1"), aEvents);
        Recorder bEvents = new Recorder();
        SimLink b = transport.open(LinkUri.parse(modem + "&callsign=N0CALL-2"), bEvents);
        await(() -> a.state() == LinkState.UP && b.state() == LinkState.UP, "both modems UP");
        a.openSession(b.address());
        await(() -> aEvents.sessions().contains("UP N0CALL-2") && bEvents.sessions().contains("UP N0CALL-1"),
                "a session UP at both ends");
        clock.advanceBy(Duration.ofMillis(1));
        return new LinkPair(a, aEvents, b, bEvents);
    }

}
