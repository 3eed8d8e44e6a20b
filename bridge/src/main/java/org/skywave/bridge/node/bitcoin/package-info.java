/**
 * The Bitcoin peer-to-peer wire protocol as a node adapter: message framing, the payloads Skywave
 * needs, and a Netty peer that follows a node's inventories, following the protocol documentation
 * at https://en.bitcoin.it/wiki/Protocol_documentation and the BIPs cited in each class.
 */
package org.skywave.bridge.node.bitcoin;
