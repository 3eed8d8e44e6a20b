package org.skywave.bridge.config;

import java.util.List;
import java.util.Set;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkProfiles;
import org.skywave.transport.LinkUri;
import org.skywave.transport.LinkUriException;
import org.skywave.transport.Transport;
import org.skywave.transport.TransportException;

/**
 * Stands in for the real transports in config tests: same schemes, same radio flags, and a
 * {@code validate} that checks host, port and the parameters each scheme documents, but never
 * opens anything.
 */
public final class FakeTransport implements Transport {

    private static final Set<String> KISS_PARAMS = Set.of("callsign", "dest", "path", "port", "txdelay", "persist",
            "slottime", "txtail", "fullduplex", "bitrate", "paclen");

    private final Set<String> schemes;
    private final boolean radio;

    private FakeTransport(Set<String> schemes, boolean radio) {
        this.schemes = schemes;
        this.radio = radio;
    }

    /** tcp and tcp-listen (internet), sim, kiss-tcp and kiss-serial (radio). */
    public static TransportRegistry registry() {
        return new TransportRegistry(List.of(
                new FakeTransport(Set.of("tcp", "tcp-listen"), false),
                new FakeTransport(Set.of("sim"), true),
                new FakeTransport(Set.of("kiss-tcp", "kiss-serial"), true)));
    }

    @Override
    public Set<String> schemes() {
        return schemes;
    }

    @Override
    public boolean isRadio() {
        return radio;
    }

    @Override
    public void validate(LinkUri uri) throws LinkUriException {
        switch (uri.scheme()) {
            case "tcp", "tcp-listen" -> {
                uri.requireHost();
                uri.requirePort();
                uri.checkParams(Set.of("max_frame"));
                uri.intParam("max_frame", 65_536, 1, 1 << 20);
            }
            case "sim" -> {
                String profile = uri.requirePath("sim:ax25-1200");
                if (LinkProfiles.named(profile).isEmpty()) {
                    throw new LinkUriException("link URI '" + uri + "': unknown profile '" + profile + "'");
                }
                uri.checkParams(Set.of("callsign", "loss", "seed"));
                uri.doubleParam("loss", 0, 0, 1);
                requireCallsign(uri);
            }
            case "kiss-tcp", "kiss-serial" -> {
                if (uri.scheme().equals("kiss-tcp")) {
                    uri.requireHost();
                    uri.requirePort();
                    uri.checkParams(KISS_PARAMS);
                } else {
                    uri.requirePath("kiss-serial:///dev/ttyUSB0?baud=9600");
                    Set<String> serial = new java.util.HashSet<>(KISS_PARAMS);
                    serial.add("baud");
                    uri.checkParams(serial);
                    uri.intParam("baud", 9600, 1200, 115_200);
                }
                uri.intParam("port", 0, 0, 15);
                uri.intParam("txdelay", 30, 0, 255);
                uri.intParam("persist", 63, 0, 255);
                uri.intParam("slottime", 10, 0, 255);
                uri.intParam("txtail", 1, 0, 255);
                uri.intParam("paclen", 256, 1, 256);
                long bitrate = uri.longParam("bitrate", 1200, 300, 9600);
                if (bitrate != 300 && bitrate != 1200 && bitrate != 9600) {
                    throw new LinkUriException("link URI '" + uri + "': parameter 'bitrate' must be 300, 1200 or 9600 (got " + bitrate + ")");
                }
                String duplex = uri.stringParam("fullduplex", "false");
                if (!Set.of("true", "false", "0", "1").contains(duplex)) {
                    throw new LinkUriException("link URI '" + uri + "': parameter 'fullduplex' must be true or false (got '" + duplex + "')");
                }
                requireCallsign(uri);
            }
            default -> throw new LinkUriException("link URI '" + uri + "': not a fake scheme");
        }
    }

    private static void requireCallsign(LinkUri uri) throws LinkUriException {
        if (uri.stringParam("callsign", null) == null) {
            throw new LinkUriException("link URI '" + uri + "': parameter 'callsign' is required on a radio link");
        }
    }

    @Override
    public Link open(LinkUri uri, LinkListener listener) throws TransportException {
        throw new TransportException("fake transport for config tests: cannot open " + uri);
    }
}
