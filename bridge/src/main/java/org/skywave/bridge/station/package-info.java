/**
 * The station core: opens the links ({@link org.skywave.bridge.station.Station}), takes what
 * they receive ({@link org.skywave.bridge.station.Inbound}), routes it through the gate into the
 * durable queues ({@link org.skywave.bridge.station.Router}), and keeps each link's side of the
 * conversation: HELLO, ACK, REJECT and bans. The data path is drawn in {@code docs/ARCHITECTURE.md}.
 */
package org.skywave.bridge.station;
