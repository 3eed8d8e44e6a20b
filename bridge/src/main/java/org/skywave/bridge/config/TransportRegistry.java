package org.skywave.bridge.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.js8call.Js8CallTransport;
import org.skywave.transport.kiss.KissSerialTransport;
import org.skywave.transport.kiss.KissTcpTransport;
import org.skywave.transport.sim.RealClock;
import org.skywave.transport.sim.SimTransport;
import org.skywave.transport.tcp.TcpTransport;
import org.skywave.transport.vara.VaraTransport;

/**
 * Finds the transport for a link URI's scheme. The one place outside the transport packages
 * that names their implementations (see {@link #standard}).
 */
public final class TransportRegistry implements AutoCloseable {

    private final Map<String, Transport> byScheme = new LinkedHashMap<>();
    private final List<AutoCloseable> alsoClose = new ArrayList<>();

    public TransportRegistry(List<Transport> transports) {
        for (Transport transport : transports) {
            for (String scheme : transport.schemes()) {
                Transport previous = byScheme.put(scheme, transport);
                if (previous != null) {
                    throw new IllegalArgumentException("scheme '" + scheme + "' served twice: " + previous + " and " + transport);
                }
            }
        }
    }

    /**
     * The transports the {@code skywave} command knows.
     */
    public static TransportRegistry standard() {
        return standard(System.nanoTime());
    }

    /**
     * Every transport Skywave ships, the simulated link running in real time with losses drawn
     * from {@code simSeed}.
     */
    public static TransportRegistry standard(long simSeed) {
        RealClock simClock = new RealClock();
        TransportRegistry registry = new TransportRegistry(List.of(new TcpTransport(),
                new KissTcpTransport(), new KissSerialTransport(), new VaraTransport(), new Js8CallTransport(),
                new SimTransport(simClock, simSeed)));
        registry.alsoClose.add(simClock);
        return registry;
    }

    /** The transport serving {@code uri}'s scheme, or an error listing the schemes known. */
    public Transport forUri(LinkUri uri) throws LinkUriException {
        Transport transport = byScheme.get(uri.scheme());
        if (transport == null) {
            throw new LinkUriException("link URI '" + uri + "': unknown scheme '" + uri.scheme()
                    + "' (known: " + String.join(", ", new TreeSet<>(byScheme.keySet())) + ")");
        }
        return transport;
    }

    /** Parses and checks {@code text}: scheme known, parameters valid. */
    public LinkUri validate(String text) throws LinkUriException {
        LinkUri uri = LinkUri.parse(text);
        forUri(uri).validate(uri);
        return uri;
    }

    @Override
    public void close() {
        byScheme.values().stream().distinct().forEach(Transport::shutdown);
        for (AutoCloseable resource : alsoClose) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot release " + resource, e);
            }
        }
    }
}
