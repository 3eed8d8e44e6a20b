package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.Objects;
import org.tinylog.Level;

/**
 * The {@code [station]} section.
 *
 * @param name     station name for logs and HELLO ({@code skywave} by default)
 * @param callsign the operator's licensed callsign with optional SSID, upper case; null if the
 *                 station has no radio link
 * @param logLevel one of TRACE, DEBUG, INFO, WARN, ERROR
 * @param dataDir  where the queue database and the seen-set live
 */
public record StationConfig(String name, String callsign, Level logLevel, Path dataDir) {

    public static final String DEFAULT_NAME = "skywave";
    public static final Level DEFAULT_LOG_LEVEL = Level.INFO;
    public static final Path DEFAULT_DATA_DIR = Path.of("./skywave-data");

    public StationConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(dataDir, "dataDir");
    }
}
