package org.skywave.bridge.station;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.skywave.bridge.station.SimStations.radio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.message.PingMessage;
import org.skywave.bridge.message.PongMessage;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;

/** Link-local control: answered by the station that hears it, never acknowledged, relayed or remembered. */
class StationControlTest {

    private static final String AIR = "sim:ax25-1200?channel=control";

    @TempDir
    Path dir;

    @Test
    void pingIsAnsweredWithPongAndNeitherAcknowledgedNorRemembered() throws Exception {
        try (SimStations net = new SimStations(dir, 11)) {
            TestStation b = net.station("B", radio("radio", AIR + "&callsign=N0CALL-2")).start();
            List<Message> heard = new CopyOnWriteArrayList<>();
            Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, net.clock()::nanoTime);
            LinkUri uri = LinkUri.parse(AIR + "&callsign=N0CALL-1");
            Link peer = net.registry().forUri(uri).open(uri, new LinkListener() {
                @Override
                public void onFrame(InboundFrame frame) {
                    try {
                        Optional<byte[]> whole = reassembler.accept(frame.from(), frame.payload());
                        if (whole.isPresent()) {
                            Message message = MessageCodec.INSTANCE.decode(whole.get());
                            if (message.kind() != MessageKind.HELLO) { // B introduces itself when the link comes up
                                heard.add(message);
                            }
                        }
                    } catch (Exception e) {
                        throw new AssertionError("station B sent something undecodable", e);
                    }
                }
            });
            net.advance(Duration.ofSeconds(1));
            PingMessage ping = new PingMessage(0x5eed_1234L);
            for (byte[] frame : new Fragmenter(peer.profile().mtu(), FrameAuthenticator.NONE, true).frames(MessageCodec.INSTANCE.encode(ping))) {
                peer.broadcast(frame);
            }
            net.runUntil("B's answer", () -> !heard.isEmpty(), Duration.ofMinutes(1), heard::toString);
            net.advance(Duration.ofSeconds(30));

            assertEquals(List.of(new PongMessage(ping.nonce())), heard, "one PONG with the PING's nonce, and no ACK");
            assertFalse(b.seen(ping.id()), "a PING is not remembered in the seen-set");
            assertEquals(0, b.depth("radio"), "nor queued anywhere");
            assertTrue(heard.stream().noneMatch(m -> m.kind() == MessageKind.ACK));
            peer.close();
        }
    }
}
