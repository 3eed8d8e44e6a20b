package org.skywave.bridge.station;

import java.util.Map;
import org.skywave.bridge.gate.Gate;

/**
 * What the gate and the peer scores refused so far.
 *
 * @param drops                    messages the gate did not pass on, by reason
 * @param bansImposed              peers banned since the station started
 * @param framesDroppedWhileBanned frames ignored because their sender was banned
 * @param messagesRefused          messages refused with a REJECT for a flood or a replay
 */
public record GateStatus(Map<Gate.DropReason, Long> drops, long bansImposed, long framesDroppedWhileBanned,
        long messagesRefused) {

    public GateStatus {
        drops = Map.copyOf(drops);
    }

    /** Drops for {@code reason}, 0 if none. */
    public long drops(Gate.DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
