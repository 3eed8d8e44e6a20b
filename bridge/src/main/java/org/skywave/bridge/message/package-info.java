/** Skywave's messages, their CBOR encoding and identities, as specified in {@code docs/protocol/messages.md}. */
package org.skywave.bridge.message;
