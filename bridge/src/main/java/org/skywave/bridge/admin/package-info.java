/**
 * The admin HTTP API on loopback (status, Prometheus metrics, a status page, submitting a
 * transaction and following it across links), as described under "Operator surface" in
 * {@code DESIGN.md}; state-changing requests need the bearer token of {@code [admin] token_file}.
 */
package org.skywave.bridge.admin;
