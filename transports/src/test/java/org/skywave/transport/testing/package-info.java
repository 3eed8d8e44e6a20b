/**
 * Real peers for integration tests, shared with the bridge's tests through the transports
 * test-jar: a Direwolf pair over PulseAudio null sinks and a socat pseudo-terminal pair (see
 * {@code ../shared/specs/test-peers.md}, section 1).
 */
package org.skywave.transport.testing;
