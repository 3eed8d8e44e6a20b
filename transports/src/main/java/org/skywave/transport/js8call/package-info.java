/**
 * Links over JS8Call's TCP JSON API: binary frames as directed JS8 text in checksummed chunks
 * (see {@code docs/PROTOCOL.md} section 4.4 and {@code ../shared/specs/js8call.md}).
 */
package org.skywave.transport.js8call;
