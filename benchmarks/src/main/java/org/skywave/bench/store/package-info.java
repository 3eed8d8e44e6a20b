/** Benchmarks of the durable store ({@code org.skywave.bridge.store}); see {@code benchmarks/README.md}. */
package org.skywave.bench.store;
