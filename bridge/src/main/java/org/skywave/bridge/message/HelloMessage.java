package org.skywave.bridge.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * First message on a session: who the station is and what it offers.
 *
 * @param protocolVersion the message protocol version the sender speaks
 * @param stationId       the station's Ed25519 public key, 32 bytes
 * @param callsign        the operator's callsign, printable ASCII
 * @param services        bit set of services offered (bit 63 must be clear)
 * @param bestHeight      height of the sender's best chain, 0 if none
 * @param unixTime        sender's clock, seconds since 1970-01-01 UTC
 * @param nonce           random value that detects connections to oneself
 */
public record HelloMessage(int protocolVersion, byte[] stationId, String callsign, long services,
                           long bestHeight, long unixTime, long nonce) implements Message {

    /** The version of the message format in docs/protocol/messages.md. */
    public static final int PROTOCOL_VERSION = 1;

    public HelloMessage {
        Values.checkRange(protocolVersion, "protocolVersion", 0, Integer.MAX_VALUE);
        stationId = Values.copy(stationId, "stationId", MessageLimits.HASH_BYTES, MessageLimits.HASH_BYTES);
        Values.checkAscii(callsign, "callsign", MessageLimits.MAX_CALLSIGN_BYTES);
        Values.checkRange(services, "services", 0, Long.MAX_VALUE);
        Values.checkRange(bestHeight, "bestHeight", 0, Long.MAX_VALUE);
        Values.checkRange(unixTime, "unixTime", 0, Long.MAX_VALUE);
    }

    @Override
    public byte[] stationId() {
        return stationId.clone();
    }

    @Override
    public MessageKind kind() {
        return MessageKind.HELLO;
    }

    @Override
    public MessageId id() {
        return MessageCodec.canonicalId(this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HelloMessage m && protocolVersion == m.protocolVersion
                && Arrays.equals(stationId, m.stationId) && callsign.equals(m.callsign) && services == m.services
                && bestHeight == m.bestHeight && unixTime == m.unixTime && nonce == m.nonce;
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocolVersion, Arrays.hashCode(stationId), callsign, services, bestHeight, unixTime, nonce);
    }

    @Override
    public String toString() {
        return "HelloMessage[protocolVersion=" + protocolVersion + ", stationId=" + Values.preview(stationId)
                + ", callsign=" + callsign + ", services=0x" + Long.toHexString(services) + ", bestHeight=" + bestHeight
                + ", unixTime=" + unixTime + ", nonce=" + nonce + "]";
    }
}
