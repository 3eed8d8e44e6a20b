/**
 * What the daemon needs from its service manager: readiness and watchdog notices over systemd's
 * {@code NOTIFY_SOCKET} (sd_notify(3)), stop and reload signals, and parts closed in the reverse of
 * their start.
 */
package org.skywave.bridge.daemon;
