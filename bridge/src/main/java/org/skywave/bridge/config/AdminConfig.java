package org.skywave.bridge.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code [admin]} section: the admin HTTP API.
 *
 * @param host      address to listen on (loopback by default)
 * @param port      TCP port, 1-65535
 * @param tokenFile file holding the token required by requests that change state; null if none,
 *                  in which case such requests are refused
 */
public record AdminConfig(String host, int port, Path tokenFile) {

    public static final String DEFAULT_LISTEN = "127.0.0.1:8080";

    public AdminConfig {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port outside 1..65535: " + port);
        }
    }

    public static AdminConfig defaults() {
        return new AdminConfig("127.0.0.1", 8080, null);
    }
}
