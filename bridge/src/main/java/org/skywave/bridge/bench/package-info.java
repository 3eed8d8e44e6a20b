/** End-to-end measurements of what stations put on the air, on simulated links in virtual time ({@code docs/PROTOCOL.md}, README "Benchmark"). */
package org.skywave.bridge.bench;
