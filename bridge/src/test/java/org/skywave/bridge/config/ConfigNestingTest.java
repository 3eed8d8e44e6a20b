package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Nesting past {@link TomlLineIndex#MAX_NESTING_DEPTH} is one problem with its line and key, never a stack overflow. */
class ConfigNestingTest {

    private static final Path FILE = Path.of("deep.toml");
    private static final String STATION = "[station]\nname = \"a\"\ncallsign = \"K1ABC\"\n";

    private static String nested(String kind, int depth) {
        return switch (kind) {
            case "array" -> "x = " + "[".repeat(depth) + "1" + "]".repeat(depth);
            case "inline-table" -> "x = " + "{ a = ".repeat(depth) + "1" + " }".repeat(depth);
            case "dotted-key" -> "x" + ".a".repeat(depth - 1) + " = 1";
            default -> "[" + "x.".repeat(depth - 1) + "x]";
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"array", "inline-table", "dotted-key", "table-header"})
    void nestingPastTheBoundIsOneProblemOnItsLine(String kind) {
        String text = STATION + "\n" + nested(kind, 100_000) + "\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(text, FILE, FakeTransport.registry()));
        List<ConfigProblem> problems = e.problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(5, problems.get(0).line(), problems.toString());
        assertEquals("nested more than 32 levels deep (tables, dotted keys, arrays and inline tables each count one);"
                + " a Skywave config needs at most 4", problems.get(0).message());
    }

    /** Depths whose deepest key path ({@code station.x[0]...}) has exactly the bound's length. */
    @ParameterizedTest
    @CsvSource({"array, 30", "inline-table, 30", "dotted-key, 31", "table-header, 32"})
    void nestingAtTheBoundIsJudgedAsUsualAndOneMoreIsRefused(String kind, int depth) {
        assertFalse(nestingRefused(STATION + nested(kind, depth) + "\n"));
        assertTrue(nestingRefused(STATION + nested(kind, depth + 1) + "\n"));
    }

    private static boolean nestingRefused(String text) {
        try {
            ConfigLoader.parse(text, FILE, FakeTransport.registry());
            return false;
        } catch (ConfigException e) {
            return e.problems().stream().anyMatch(p -> p.message().startsWith("nested more than"));
        }
    }
}
