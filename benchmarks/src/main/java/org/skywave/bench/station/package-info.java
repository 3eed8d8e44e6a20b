/**
 * End-to-end runners that print figures, each against a baseline measured in the same run: stations
 * relaying in one process, and {@code skywave run} daemons started from config files; see
 * {@code benchmarks/README.md}.
 */
package org.skywave.bench.station;
