/** End-to-end runners that start {@code skywave run} daemons from config files and print figures; see {@code benchmarks/README.md}. */
package org.skywave.bench.station;
