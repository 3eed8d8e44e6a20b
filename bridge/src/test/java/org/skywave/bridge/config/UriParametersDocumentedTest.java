package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.skywave.transport.LinkUriException;

/**
 * Every URI parameter a link accepts is documented in the README's parameter table and in the
 * reference config. The accepted ones are read from the transports themselves: an unknown
 * parameter is refused with the list of the known ones.
 */
class UriParametersDocumentedTest {

    private static final Pattern KNOWN = Pattern.compile("\\(known: ([^)]*)\\)");
    private static final TransportRegistry REGISTRY = TransportRegistry.standard();

    @AfterAll
    static void close() {
        REGISTRY.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:1", "tcp-listen://127.0.0.1:1", "kiss-tcp://127.0.0.1:1?callsign=K1ABC",
            "kiss-serial:///dev/ttyUSB0?callsign=K1ABC", "sim:ax25-1200", "vara-hf://127.0.0.1:8300?callsign=K1ABC",
            "vara-fm://127.0.0.1:8300?callsign=K1ABC", "js8call://127.0.0.1:2442?callsign=K1ABC"})
    void everyParameterIsInTheReadmeTableAndTheReferenceConfig(String uri) throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String reference = Files.readString(Path.of("../firmware-config/skywave.toml"));
        List<String> missing = new ArrayList<>();
        for (String parameter : knownParameters(uri)) {
            if (!readme.lines().anyMatch(line -> line.startsWith("| ") && line.contains("`" + parameter + "`"))) {
                missing.add(parameter + " (README table)");
            }
            if (!reference.lines().anyMatch(line -> line.startsWith("#") && Pattern.compile("\\b" + Pattern.quote(parameter)
                    + "\\b").matcher(line).find())) {
                missing.add(parameter + " (firmware-config/skywave.toml)");
            }
        }
        assertEquals(List.of(), missing, uri);
    }

    private static List<String> knownParameters(String uri) {
        String probe = uri + (uri.contains("?") ? "&" : "?") + "no-such-parameter=1";
        try {
            REGISTRY.validate(probe);
        } catch (LinkUriException e) {
            Matcher m = KNOWN.matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            return List.of(m.group(1).split(", "));
        }
        throw new AssertionError(probe + " was accepted");
    }
}
