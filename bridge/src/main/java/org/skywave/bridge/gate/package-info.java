/** Routing and policy between internet and radio links, and the scores of misbehaving peers, as in {@code DESIGN.md} (the gate). */
package org.skywave.bridge.gate;
