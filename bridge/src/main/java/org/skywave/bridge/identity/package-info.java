/** Station identity: the Ed25519 station key, its key file, and the peers a station trusts ({@code docs/protocol/authentication.md}). */
package org.skywave.bridge.identity;
