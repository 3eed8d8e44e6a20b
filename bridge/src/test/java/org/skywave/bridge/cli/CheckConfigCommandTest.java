package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.FakeTransport;
import picocli.CommandLine;

class CheckConfigCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new CheckConfigCommand(FakeTransport::registry));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void referenceFilePrintsOkAndExitsZero() {
        assertEquals(0, run("../firmware-config/skywave.toml"));
        assertEquals("OK" + System.lineSeparator(), out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void badFilePrintsEveryProblemAndExitsOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
                [station]
                callsign = "N0CALL"
                [[link]]
                name = "radio"
                uri = "sim:ax25-1200"
                encrypt = true
                """, StandardCharsets.UTF_8);
        assertEquals(1, run(file.toString()));
        assertEquals("", out.toString());
        String n = System.lineSeparator();
        assertEquals(file + ":2: station.callsign: 'N0CALL' is a placeholder, not a licensed callsign: every radio"
                + " transmission must identify the operator, so set your own callsign" + n
                + file + ":6: link[0].encrypt: no encryption on amateur radio links (signatures and MACs only);"
                + " use auth = \"signature\" or \"mac\"" + n, err.toString());
    }

    @Test
    void missingFileExitsOne(@TempDir Path dir) {
        Path file = dir.resolve("absent.toml");
        assertEquals(1, run(file.toString()));
        assertEquals(file + ": no such file" + System.lineSeparator(), err.toString());
    }

    @Test
    void defaultRegistryRefusesAnUnknownSchemeNamingTheKnownOnes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ardop.toml");
        Files.writeString(file, "[station]\ncallsign = \"K1ABC\"\n[[link]]\nname = \"hf\"\nuri = \"ardop://127.0.0.1:8515\"\n",
                StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(new CheckConfigCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        assertEquals(1, commandLine.execute(file.toString()));
        assertEquals(file + ":5: link[0].uri: link URI 'ardop://127.0.0.1:8515': unknown scheme 'ardop'"
                + " (known: js8call, kiss-serial, kiss-tcp, sim, tcp, tcp-listen, vara-fm, vara-hf)" + System.lineSeparator(), err.toString());
    }

    @Test
    void aVaraLinkRefusesThePlaceholderCallsignAndAnHfBandwidthVaraDoesNotHave(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vara.toml");
        Files.writeString(file, "[station]\ncallsign = \"K1ABC\"\n[[link]]\nname = \"hf\"\nuri = \"vara-hf://127.0.0.1:8300\"\n"
                + "callsign = \"N0CALL\"\n[[link]]\nname = \"hf2\"\nuri = \"vara-hf://127.0.0.1:8400\"\n[link.params]\nbw = 1800\n",
                StandardCharsets.UTF_8);
        CommandLine commandLine = new CommandLine(new CheckConfigCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        assertEquals(1, commandLine.execute(file.toString()));
        String problems = err.toString();
        assertTrue(problems.contains(file + ":6: link[0].callsign: 'N0CALL' is a placeholder"), problems);
        assertTrue(problems.contains(":11: link[1].params.bw: ") && problems.contains("'bw' must be 500, 2300 or 2750 (got '1800')"), problems);
    }

    /** Every sample in firmware-config/, found afresh, so a sample added later is checked too. */
    static List<String> shippedConfigFiles() throws IOException {
        Path root = Path.of("..", "firmware-config");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> names = files.filter(f -> f.toString().endsWith(".toml"))
                    .map(f -> root.relativize(f).toString()).sorted().toList();
            // The reference, the four setups of this package and any added beside them.
            assertTrue(names.size() >= 5, () -> "too few samples found in " + root.toAbsolutePath() + ": " + names);
            return names;
        }
    }

    @ParameterizedTest
    @MethodSource("shippedConfigFiles")
    void shippedConfigFilesPassWithTheRealTransports(String name) {
        Path file = Path.of("..", "firmware-config", name);
        CommandLine commandLine = new CommandLine(new CheckConfigCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        assertEquals(0, commandLine.execute(file.toString()), err.toString());
        assertEquals("OK" + System.lineSeparator(), out.toString());
    }

    @Test
    void packagedConfigIsRefusedUntilTheCallsignIsSet(@TempDir Path dir) throws IOException {
        Path packaged = Path.of("src", "deb", "skywave.toml");
        CommandLine commandLine = new CommandLine(new CheckConfigCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        assertEquals(1, commandLine.execute(packaged.toString()));
        assertTrue(err.toString().contains("must identify with the operator's licensed callsign"), err.toString());

        Path edited = Files.writeString(dir.resolve("skywave.toml"),
                Files.readString(packaged).replace("# callsign = \"\"", "callsign = \"K1ABC\""));
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertEquals(0, commandLine.execute(edited.toString()), err.toString());
    }

    @Test
    void fileArgumentIsRequired() {
        assertEquals(2, run());
    }
}
