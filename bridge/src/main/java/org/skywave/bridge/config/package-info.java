/**
 * The station's one-file TOML configuration, read and strictly checked, with the radio rules of
 * {@code DESIGN.md} (licensed callsign, no encryption on radio links); the reference file is
 * {@code firmware-config/skywave.toml}.
 */
package org.skywave.bridge.config;
