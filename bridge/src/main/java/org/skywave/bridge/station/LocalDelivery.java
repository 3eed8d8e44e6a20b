package org.skywave.bridge.station;

import org.skywave.bridge.message.Message;

/** Receives each new message that reached the station, once (after de-duplication). */
@FunctionalInterface
public interface LocalDelivery {

    /** Called on the station thread; must not block. {@code linkName} is where it came from. */
    void deliver(String linkName, Message message);

    LocalDelivery NONE = (linkName, message) -> { };
}
