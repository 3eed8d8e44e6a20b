package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SkywaveCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new SkywaveCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void versionNamesTheProjectVersion() {
        Run run = run("--version");
        assertEquals(0, run.exit());
        assertTrue(Pattern.compile("^skywave \\d+\\.\\d+\\.\\d+", Pattern.MULTILINE).matcher(run.out()).find(), run.out());
    }

    @Test
    void helpListsTheOperatorCommands() {
        Run run = run("--help");
        assertEquals(0, run.exit());
        for (String command : new String[] {"run", "demo", "check-config", "keygen", "status", "send-tx"}) {
            assertTrue(run.out().contains(command), "help lacks " + command + ":\n" + run.out());
        }
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run run = run("demo", "--colour", "red");
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown options: '--colour', 'red'"), run.err());
    }
}
