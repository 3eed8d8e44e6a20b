package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.compact.MainnetData;
import picocli.CommandLine;

class BenchCompressCommandTest {

    private static final Pattern LAST_LINE = Pattern.compile(
            "transactions (\\d+), wire bytes (\\d+), compressed bytes (\\d+), saved (\\d+\\.\\d)%");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new SkywaveCommand());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void everyMainnetBlockRoundTripsAndTheLastLineGivesTheTotals() {
        String[] args = new String[2 + MainnetData.blockFiles().size()];
        args[0] = "bench";
        args[1] = "compress";
        for (int i = 0; i < MainnetData.blockFiles().size(); i++) {
            args[2 + i] = MainnetData.blockFiles().get(i).toString();
        }
        assertEquals(0, run(args), err.toString());
        String[] lines = out.toString().strip().split("\\R");
        assertEquals(MainnetData.blockFiles().size() + 1, lines.length, out.toString());
        Matcher m = LAST_LINE.matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), lines[lines.length - 1]);
        assertEquals(2656, Integer.parseInt(m.group(1)));
        long wire = Long.parseLong(m.group(2));
        long compressed = Long.parseLong(m.group(3));
        assertTrue(compressed <= wire * 3 / 4, "at least a quarter saved: " + lines[lines.length - 1]);
    }

    @Test
    void aFileThatIsNoBlockFailsNamingIt(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.bin");
        Files.write(junk, new byte[100]);
        assertEquals(1, run("bench", "compress", junk.toString()));
        assertTrue(err.toString().startsWith("bench compress: " + junk + " is not a raw block: "), err.toString());
    }
}
