package org.skywave.transport;

/**
 * Where a frame came from. Typed per transport: callsign-SSID for AX.25, VARA and JS8Call;
 * host:port for TCP; a name for the simulated link. {@link #toString()} is the form an operator
 * reads in logs ({@code N0CALL-1}, {@code 127.0.0.1:8001}).
 */
public interface LinkAddress {

    /**
     * Who is behind this address, for ban scores and bans: what a peer cannot change at will to
     * start again with a clean score. By default the whole address; a TCP peer is its IP address
     * whatever its port (as Bitcoin Core scores and bans by address, not by connection), a radio
     * peer its callsign whatever its SSID.
     */
    default String peerKey() {
        return toString();
    }
}
