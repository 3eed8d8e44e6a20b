/**
 * KISS framing between a host and a TNC, and the KISS/AX.25 links over TCP (Direwolf) and serial
 * lines (see {@code ../shared/specs/kiss-ax25.md}, sections 1-6 and 10).
 */
package org.skywave.transport.kiss;
