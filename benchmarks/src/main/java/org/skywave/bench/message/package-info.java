/** Benchmarks of the message codec (docs/protocol/messages.md). */
package org.skywave.bench.message;
