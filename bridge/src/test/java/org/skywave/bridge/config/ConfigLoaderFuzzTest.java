package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of the TOML config loader: any text either loads or raises one
 * {@link ConfigException} whose every problem names the file, a line of it and a key path (empty
 * only for the document itself) and says what is wrong. Nothing else escapes: no stack overflow
 * from deep nesting, no parser exception. The reference and example configs are among the seeds
 * in {@code ConfigLoaderFuzzTestInputs}, which is all that runs without {@code JAZZER_FUZZ}.
 */
class ConfigLoaderFuzzTest {

    private static final Path FILE = Path.of("fuzz.toml");
    private static final TransportRegistry REGISTRY = TransportRegistry.standard();

    @AfterAll
    static void closeRegistry() {
        REGISTRY.close();
    }

    @FuzzTest
    void loads(byte[] input) {
        // As the loader reads a file; malformed UTF-8 becomes replacement characters, which the TOML parser must refuse cleanly.
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ConfigLoader.parse(text, FILE, REGISTRY);
        } catch (ConfigException e) {
            assertFalse(e.problems().isEmpty());
            int lines = (int) text.lines().count();
            for (ConfigProblem problem : e.problems()) {
                assertNotNull(problem.keyPath(), problem.toString());
                assertTrue(problem.line() >= 1 && problem.line() <= Math.max(1, lines + 1), problem + " in " + lines + " lines");
                assertFalse(problem.message().isBlank(), problem.toString());
            }
        }
    }
}
