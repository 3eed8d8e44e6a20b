package org.skywave.bridge.station;

import org.skywave.bridge.message.MessageKind;
import org.skywave.bridge.store.Priority;

/** The queue priority of each message kind: control > transactions > headers > compact blocks > full blocks (DESIGN.md). */
final class Priorities {

    private Priorities() {
    }

    static Priority of(MessageKind kind) {
        return switch (kind) {
            case TX -> Priority.TX;
            case HEADERS, GETHEADERS -> Priority.HEADERS;
            case CMPCTBLOCK, GETBLOCKTXN, BLOCKTXN -> Priority.COMPACT_BLOCK;
            case BLOCK -> Priority.BLOCK;
            default -> Priority.CONTROL;
        };
    }
}
