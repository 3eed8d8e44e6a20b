/**
 * Adapters that attach Skywave to blockchain nodes: each speaks one node protocol and hands the
 * gate raw transactions, headers and blocks through {@link org.skywave.bridge.node.NodeListener}
 * (see {@code /work/shared/DESIGN.md}, "node adapters").
 */
package org.skywave.bridge.node;
