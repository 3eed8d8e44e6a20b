/** Moves byte frames over links; knows nothing of blockchain messages (see {@code ../shared/DESIGN.md}, "Maven modules"). */
package org.skywave.transport;
