/**
 * Frames over TCP with Netty: each frame is a 4-byte big-endian length and its payload, a
 * zero length being a keep-alive (see {@code docs/PROTOCOL.md} and {@code ../shared/DESIGN.md}, "Maven modules").
 */
package org.skywave.transport.tcp;
