/**
 * Durable store-and-forward: per-destination message queues and the seen-set in one SQLite file
 * (WAL, synchronous FULL), following {@code ../shared/DESIGN.md} "Store-and-forward" and
 * {@code STYLE.md} sections 2, 5 and 7.
 */
package org.skywave.bridge.store;
