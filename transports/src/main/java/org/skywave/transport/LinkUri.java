package org.skywave.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A link named the way Pat names its dial URLs: {@code tcp://host:port},
 * {@code tcp-listen://host:port}, {@code sim:ax25-1200?loss=0.1},
 * {@code kiss-serial:///dev/ttyUSB0?baud=9600}. Parameters come after {@code ?}.
 *
 * <p>Every accessor that reads a parameter checks it and throws {@link LinkUriException} with
 * the URI, the parameter and what was wrong, so a bad link in a config file or on the command
 * line gets one clear error.
 */
public final class LinkUri {

    private final String text;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final Map<String, String> params;

    private LinkUri(String text, String scheme, String host, int port, String path, Map<String, String> params) {
        this.text = text;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.path = path;
        this.params = params;
    }

    /** Parses {@code text}; throws with a message naming the text if it is not a link URI. */
    public static LinkUri parse(String text) throws LinkUriException {
        Objects.requireNonNull(text, "text");
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new LinkUriException("link URI '" + text + "' is not a valid URI: " + e.getReason());
        }
        if (uri.getScheme() == null) {
            throw new LinkUriException("link URI '" + text + "' has no scheme (expected e.g. tcp://host:port or sim:ax25-1200)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        Map<String, String> params = parseQuery(text, uri.isOpaque() ? opaqueQuery(uri) : uri.getRawQuery());
        if (uri.isOpaque()) {
            String ssp = uri.getSchemeSpecificPart();
            int q = ssp.indexOf('?');
            String name = q < 0 ? ssp : ssp.substring(0, q);
            return new LinkUri(text, scheme, null, -1, name, params);
        }
        if (uri.getRawAuthority() != null && uri.getHost() == null) {
            throw new LinkUriException("link URI '" + text + "' has an invalid host:port '" + uri.getRawAuthority() + "'");
        }
        String host = uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? null : uri.getPath();
        return new LinkUri(text, scheme, host, uri.getPort(), path, params);
    }

    private static String opaqueQuery(URI uri) {
        String ssp = uri.getRawSchemeSpecificPart();
        int q = ssp.indexOf('?');
        return q < 0 ? null : ssp.substring(q + 1);
    }

    private static Map<String, String> parseQuery(String text, String query) throws LinkUriException {
        Map<String, String> params = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return Collections.unmodifiableMap(params);
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new LinkUriException("link URI '" + text + "': parameter '" + pair + "' is not name=value");
            }
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (params.put(name, value) != null) {
                throw new LinkUriException("link URI '" + text + "': parameter '" + name + "' given twice");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    /** The URI as given. */
    @Override
    public String toString() {
        return text;
    }

    /** Lower-case scheme, e.g. {@code tcp}. */
    public String scheme() {
        return scheme;
    }

    /** Host of a hierarchical URI, brackets removed from IPv6 literals; null if none. */
    public String host() {
        return host;
    }

    /** Port, or -1 if none was given. */
    public int port() {
        return port;
    }

    /**
     * The path ({@code /dev/ttyUSB0}) of a hierarchical URI, or the name of an opaque one
     * ({@code ax25-1200} in {@code sim:ax25-1200}); null if none.
     */
    public String path() {
        return path;
    }

    public Map<String, String> params() {
        return params;
    }

    /** The host, or an error saying the URI needs one. */
    public String requireHost() throws LinkUriException {
        if (host == null || host.isEmpty()) {
            throw new LinkUriException("link URI '" + text + "' needs a host, as in " + scheme + "://127.0.0.1:PORT");
        }
        return host;
    }

    /** The port (1-65535), or an error saying the URI needs one. */
    public int requirePort() throws LinkUriException {
        if (port < 0) {
            throw new LinkUriException("link URI '" + text + "' needs a port, as in " + scheme + "://" + (host == null ? "HOST" : host) + ":PORT");
        }
        if (port < 1 || port > 65535) {
            throw new LinkUriException("link URI '" + text + "': port " + port + " is outside 1..65535");
        }
        return port;
    }

    /** The path or opaque name, or an error saying the URI needs one. */
    public String requirePath(String example) throws LinkUriException {
        if (path == null || path.isEmpty()) {
            throw new LinkUriException("link URI '" + text + "' needs a path or name, as in " + example);
        }
        return path;
    }

    /** Refuses parameters other than {@code allowed}, naming the ones this scheme knows. */
    public void checkParams(Set<String> allowed) throws LinkUriException {
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new LinkUriException("link URI '" + text + "': unknown parameter '" + name + "' for "
                        + scheme + " (known: " + (allowed.isEmpty() ? "none" : String.join(", ", new TreeSet<>(allowed))) + ")");
            }
        }
    }

    public String stringParam(String name, String defaultValue) {
        return params.getOrDefault(name, defaultValue);
    }

    /** An integer parameter within {@code min..max}, or {@code defaultValue} if absent. */
    public long longParam(String name, long defaultValue, long min, long max) throws LinkUriException {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new LinkUriException("link URI '" + text + "': parameter '" + name + "' must be an integer (got '" + value + "')");
        }
        if (parsed < min || parsed > max) {
            throw new LinkUriException("link URI '" + text + "': parameter '" + name + "' must be in " + min + ".." + max + " (got " + parsed + ")");
        }
        return parsed;
    }

    public int intParam(String name, int defaultValue, int min, int max) throws LinkUriException {
        return (int) longParam(name, defaultValue, min, max);
    }

    /** A decimal parameter within {@code min..max}, or {@code defaultValue} if absent. */
    public double doubleParam(String name, double defaultValue, double min, double max) throws LinkUriException {
        String value = params.get(name);
        if (value == null) {
            return defaultValue;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new LinkUriException("link URI '" + text + "': parameter '" + name + "' must be a number (got '" + value + "')");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw new LinkUriException("link URI '" + text + "': parameter '" + name + "' must be in " + min + ".." + max + " (got " + value + ")");
        }
        return parsed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkUri other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
