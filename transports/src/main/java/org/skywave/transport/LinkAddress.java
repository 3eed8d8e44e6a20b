package org.skywave.transport;

/**
 * Where a frame came from. Typed per transport: callsign-SSID for AX.25, VARA and JS8Call;
 * host:port for TCP; a name for the simulated link. {@link #toString()} is the form an operator
 * reads in logs ({@code N0CALL-1}, {@code 127.0.0.1:8001}).
 */
public interface LinkAddress {
}
