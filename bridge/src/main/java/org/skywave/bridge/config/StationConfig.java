package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.skywave.bridge.identity.StationId;
import org.tinylog.Level;

/**
 * The {@code [station]} section.
 *
 * @param name     station name for logs and HELLO ({@code skywave} by default)
 * @param callsign the operator's licensed callsign with optional SSID, upper case; null if the
 *                 station has no radio link
 * @param logLevel one of TRACE, DEBUG, INFO, WARN, ERROR
 * @param dataDir  where the queue database and the seen-set live
 * @param keyFile  the station key written by {@code skywave keygen}, resolved against {@code dataDir};
 *                 null when the station has none (then it may not sign, and announces no id)
 * @param trustedPeers the stations whose signed frames are accepted, in the order given
 */
public record StationConfig(String name, String callsign, Level logLevel, Path dataDir, Path keyFile,
        List<StationId> trustedPeers) {

    public static final String DEFAULT_NAME = "skywave";
    public static final Level DEFAULT_LOG_LEVEL = Level.INFO;
    public static final Path DEFAULT_DATA_DIR = Path.of("./skywave-data");

    public StationConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(dataDir, "dataDir");
        trustedPeers = List.copyOf(trustedPeers);
    }

    /** A station without key or trusted peers. */
    public StationConfig(String name, String callsign, Level logLevel, Path dataDir) {
        this(name, callsign, logLevel, dataDir, null, List.of());
    }
}
