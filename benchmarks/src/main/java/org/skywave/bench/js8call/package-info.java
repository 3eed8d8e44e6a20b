/** Sizes of Skywave traffic in JS8 frames ({@code org.skywave.transport.js8call}); see {@code benchmarks/README.md}. */
package org.skywave.bench.js8call;
