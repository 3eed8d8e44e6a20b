/** Frames encoded messages to a link's MTU and back: header, compression, fragmentation and reassembly ({@code docs/protocol/framing.md}). */
package org.skywave.bridge.framing;
