package org.skywave.transport.vara;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;
import org.skywave.transport.support.SharedEventLoop;

/**
 * VARA HF and VARA FM modems over their TCP host interface:
 * {@code vara-hf://127.0.0.1:8300?callsign=K1ABC&peers=K2XYZ} and {@code vara-fm://...}; the
 * data port is the command port + 1 unless {@code data-port} says otherwise. Parameters: see
 * {@link VaraTransportConfig}. Links reconnect to the modem by themselves when it restarts.
 */
public final class VaraTransport implements Transport {

    private final Clock clock;
    private final Random random;
    /** One thread is plenty: two TCP connections per modem at radio speeds. */
    private final SharedEventLoop loop = new SharedEventLoop("VARA", 1, "vara", Duration.ofSeconds(2));

    /** Wall-clock schedule windows, back-off jitter from a random seed. */
    public VaraTransport() {
        this(Clock.systemUTC(), new Random());
    }

    /** For tests: the clock of the schedule windows and the source of back-off jitter. */
    public VaraTransport(Clock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Set<String> schemes() {
        return Set.of(VaraTransportConfig.Kind.HF.scheme, VaraTransportConfig.Kind.FM.scheme);
    }

    @Override
    public boolean isRadio() {
        return true;
    }

    @Override
    public void validate(LinkUri uri) throws LinkUriException {
        VaraTransportConfig.fromUri(uri);
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        VaraTransportConfig config = VaraTransportConfig.fromUri(uri);
        VaraLink link = new VaraLink(uri, config, listener, loop.get(), clock, new Random(random.nextLong()));
        link.start();
        return link;
    }

    @Override
    public void shutdown() {
        loop.shutdown();
    }
}
