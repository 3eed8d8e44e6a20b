package org.skywave.bridge.cli;

import java.util.Locale;
import java.util.Set;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

/**
 * Sets up TinyLog before the first log call: one event a line on stdout (which journald
 * collects under systemd), at the level the config or command line gives.
 */
final class Logging {

    static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private Logging() {
    }

    /** @param level one of {@link #LEVELS}; later calls have no effect once logging has started */
    static void configure(String level) {
        String lower = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(lower)) {
            throw new IllegalArgumentException("log level '" + level + "' is not one of " + LEVELS);
        }
        if (Configuration.isFrozen()) {
            return;
        }
        Configuration.set("writer", "console");
        Configuration.set("writer.stream", "out");
        Configuration.set("writer.level", lower);
        // journald adds its own time stamp, but a console or file reader needs one.
        Configuration.set("writer.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} {level|min-size=5} {message-only}");
        Configuration.set("writingthread", "false");
        // The daemon logs from its own shutdown hook; it shuts TinyLog down itself, last.
        Configuration.set("autoshutdown", "false");
    }

    /** Flushes and closes the writers; call once, after the last log line. */
    static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
