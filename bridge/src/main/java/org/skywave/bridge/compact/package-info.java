/** Bitcoin structures in fewer bytes for the air: compact transactions, compact blocks and header chains ({@code docs/PROTOCOL.md}, chapter 7). */
package org.skywave.bridge.compact;
