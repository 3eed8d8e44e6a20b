/**
 * A simulated radio channel between two stations, timed by its link profile (bitrate, per-frame
 * overhead, half-duplex turnaround) with latency and seeded loss, for tests and the demo
 * (see {@code ../shared/DESIGN.md}, "Maven modules").
 */
package org.skywave.transport.sim;
