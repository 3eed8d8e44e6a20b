package org.skywave.bridge.demo;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.bridge.message.AckMessage;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.MessageId;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;
import org.skywave.transport.LinkUri;
import org.skywave.transport.MalformedFrameException;
import org.skywave.transport.TransportException;
import org.tinylog.Logger;

/**
 * The internet peer of the demo: hands messages to a station over TCP and offers each again until
 * the station acknowledges it, which the station does only once the message is durable.
 */
final class DemoClient implements AutoCloseable {

    /** An unacknowledged message is offered again after this long. */
    private static final Duration RESEND_AFTER = Duration.ofSeconds(3);

    private final MessageCodec codec = new MessageCodec();
    private final Map<MessageId, byte[]> unacknowledged = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-client");
        t.setDaemon(true);
        return t;
    });
    private final Link link;
    private final Fragmenter fragmenter;
    private final Reassembler reassembler;

    DemoClient(TransportRegistry registry, LinkUri uri) throws TransportException {
        this.link = registry.forUri(uri).open(uri, new LinkListener() {
            @Override
            public void onFrame(InboundFrame frame) {
                timer.execute(() -> received(frame));
            }

            @Override
            public void onStateChanged(LinkState state, String detail) {
                if (state == LinkState.UP) {
                    timer.execute(DemoClient.this::resendAll);
                }
            }
        });
        this.fragmenter = new Fragmenter(link.profile().mtu(), FrameAuthenticator.NONE, true);
        this.reassembler = new Reassembler(ReassemblerLimits.forProfile(link.profile()), FrameAuthenticator.NONE, System::nanoTime);
        timer.scheduleWithFixedDelay(this::resendAll, RESEND_AFTER.toMillis(), RESEND_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Hands {@code message} to the station; it is offered again until acknowledged. */
    void send(Message message) {
        byte[] encoded = codec.encode(message);
        timer.execute(() -> {
            unacknowledged.put(message.id(), encoded);
            transmit(encoded);
        });
    }

    int unacknowledgedCount() {
        return unacknowledged.size();
    }

    private void resendAll() {
        new LinkedHashMap<>(unacknowledged).values().forEach(this::transmit);
    }

    private void transmit(byte[] encoded) {
        if (link.state() != LinkState.UP) {
            return; // offered again once the link is up
        }
        for (byte[] frame : fragmenter.frames(encoded)) {
            link.broadcast(frame).exceptionally(e -> null);
        }
    }

    private void received(InboundFrame frame) {
        try {
            Optional<byte[]> whole = reassembler.accept(frame.from(), frame.payload());
            if (whole.isPresent() && codec.decode(whole.get()) instanceof AckMessage ack) {
                ack.ids().forEach(unacknowledged::remove);
            }
        } catch (MalformedFrameException e) {
            Logger.warn("demo client: dropped a bad frame from the station: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        link.close();
        timer.shutdownNow();
    }
}
