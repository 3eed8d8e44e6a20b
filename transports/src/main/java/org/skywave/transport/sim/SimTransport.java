package org.skywave.transport.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;

/**
 * Opens ends of simulated radio channels: {@code sim:PROFILE?channel=NAME&loss=P&latency=MS&callsign=CALL}
 * (connected mode as VARA's: {@code session=on-demand&idle=SECONDS&arq=true}, see {@link SimChannel})
 * (also {@code mtu} and {@code bitrate} overrides). The first two opens of one channel name are
 * its two ends. Each channel draws its losses from a random source seeded from the transport's
 * seed and the channel name, so a run repeats exactly under a {@link VirtualClock}.
 */
public final class SimTransport implements Transport {

    private final SimClock clock;
    private final long seed;
    private final Map<String, SimChannel> channels = new LinkedHashMap<>();

    public SimTransport(SimClock clock, long seed) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public SimClock clock() {
        return clock;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SimTransportConfig.SCHEME);
    }

    /** Simulates a radio: links need a callsign and must not carry encryption, as real ones. */
    @Override
    public boolean isRadio() {
        return true;
    }

    @Override
    public void validate(LinkUri uri) throws LinkUriException {
        SimTransportConfig.from(uri);
    }

    @Override
    public SimLink open(LinkUri uri, LinkListener listener) throws TransportException {
        Objects.requireNonNull(listener, "listener");
        SimTransportConfig config = SimTransportConfig.from(uri);
        synchronized (channels) {
            SimChannel channel = channels.get(config.channel());
            if (channel == null) {
                String name = config.channel();
                Random random = new Random(seed * 31 + name.hashCode());
                SimChannel[] created = new SimChannel[1];
                created[0] = new SimChannel(name, clock, random, config.profile(), () -> forget(name, created[0]));
                channel = created[0];
                channels.put(name, channel);
            }
            return channel.attach(uri, config, listener);
        }
    }

    /** Once both ends are closed the name is free for a new pair. */
    private void forget(String name, SimChannel channel) {
        synchronized (channels) {
            channels.remove(name, channel);
        }
    }

    /**
     * The channel of that name, for outage tests ({@link SimChannel#setConnected(boolean)}).
     *
     * @throws IllegalArgumentException if no open link uses that channel
     */
    public SimChannel channel(String name) {
        synchronized (channels) {
            SimChannel channel = channels.get(name);
            if (channel == null) {
                throw new IllegalArgumentException("no simulated channel '" + name + "' (open: " + channels.keySet() + ")");
            }
            return channel;
        }
    }

    /** Closes every open simulated link; the clock belongs to the caller. */
    @Override
    public void shutdown() {
        List<SimLink> open = new ArrayList<>();
        synchronized (channels) {
            for (SimChannel channel : channels.values()) {
                open.addAll(channel.ends());
            }
        }
        for (SimLink link : open) {
            link.close();
        }
    }

    @Override
    public String toString() {
        return "SimTransport[seed " + seed + "]";
    }
}
