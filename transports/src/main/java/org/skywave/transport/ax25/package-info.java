/**
 * AX.25 v2.2 addresses and UI frames as carried inside KISS data frames (see
 * {@code ../shared/specs/kiss-ax25.md}, section 7).
 */
package org.skywave.transport.ax25;
