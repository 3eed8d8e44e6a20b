/**
 * Newline-delimited JSON peer-to-peer messages in the Bunkercoin style as a node adapter, following
 * {@code /work/shared/specs/bunkercoin-jsonl.md} (serde's externally tagged {@code P2PMessage} enum,
 * one document per line) with transactions and blocks carried as opaque, byte-exact JSON values.
 */
package org.skywave.bridge.node.jsonl;
