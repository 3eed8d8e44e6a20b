/** End-to-end figures of stations relaying over real links, each against the store's own rate measured in the same run. */
package org.skywave.bench.station;
