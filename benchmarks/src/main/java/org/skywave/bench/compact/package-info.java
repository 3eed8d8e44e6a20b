/** Benchmarks of {@code org.skywave.bridge.compact}: compact transactions ({@code docs/PROTOCOL.md}, chapter 7). */
package org.skywave.bench.compact;
