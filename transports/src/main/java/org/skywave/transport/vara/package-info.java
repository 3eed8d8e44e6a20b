/**
 * VARA HF and VARA FM links: a host client for the modem's command port (CR-terminated lines)
 * and data port (raw session bytes), following {@code ../shared/specs/vara.md}; how Skywave
 * frames ride on a VARA session is in {@code docs/PROTOCOL.md}.
 */
package org.skywave.transport.vara;
