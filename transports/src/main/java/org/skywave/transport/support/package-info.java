/**
 * What every transport shares: the link base ({@link org.skywave.transport.support.LinkBase}),
 * reconnect and retry backoff ({@link org.skywave.transport.support.Backoff}), and the framing
 * of modem TCP ports, length-prefixed and line-based ({@code docs/ARCHITECTURE.md}, "Writing a transport").
 */
package org.skywave.transport.support;
