/**
 * The link side of a station: feeds each outbound link from its durable queue in priority order,
 * paced to the link's window and retried with backoff until acknowledged
 * ({@code docs/ARCHITECTURE.md}, step "link scheduler").
 */
package org.skywave.bridge.link;
