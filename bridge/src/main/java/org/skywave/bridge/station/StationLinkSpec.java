package org.skywave.bridge.station;

import java.util.Objects;
import org.skywave.transport.LinkUri;

/**
 * One link a station opens.
 *
 * @param name    the operator's name for it, used as its queue's destination
 * @param uri     where it goes ({@code tcp://...}, {@code kiss-tcp://...}, {@code sim:ax25-1200})
 * @param radio   true for RF links (and simulated ones): the gate routes between radio and internet
 * @param repeats transmissions of each message when the far end does not acknowledge; 0 means the
 *                far end is a Skywave station that sends ACKs
 */
public record StationLinkSpec(String name, LinkUri uri, boolean radio, int repeats) {

    public StationLinkSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uri, "uri");
        if (repeats < 0) {
            throw new IllegalArgumentException("repeats < 0: " + repeats);
        }
    }
}
