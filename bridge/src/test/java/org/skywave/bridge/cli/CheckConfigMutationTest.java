package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.TransportRegistry;
import picocli.CommandLine;

/**
 * 300 seeded mutations of the reference and example configs through {@code check-config}, as an
 * operator's typo or a hostile file would arrive: each ends in {@code OK} or in a list of problems,
 * each with file, line and key path; never in a Java stack trace. What it accepts, {@code run}
 * builds its start-up from ({@link RunCommand#prepare}, which check-config also calls).
 */
class CheckConfigMutationTest {

    private static final int MUTATIONS = 300;
    private static final long SEED = 14;
    private static final List<Path> ORIGINALS = List.of(Path.of("../firmware-config/skywave.toml"),
            Path.of("../firmware-config/examples/direwolf-kiss.toml"),
            Path.of("../firmware-config/examples/internet-gateway.toml"),
            Path.of("../firmware-config/examples/serial-tnc.toml"));
    /** {@code file:line: key: message}, or {@code file:line: message} for a problem of the document as a whole. */
    private static final Pattern PROBLEM = Pattern.compile("(.+?):(\\d+): (.+)");

    @TempDir
    Path dir;

    @Test
    void everyMutationEndsInOkOrProblemsWithTheirLines() throws Exception {
        ConfigMutator mutator = new ConfigMutator(SEED);
        List<String> failures = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Path original = ORIGINALS.get(i % ORIGINALS.size());
            String text = mutator.mutate(Files.readString(original));
            Path file = dir.resolve(String.format("mutation-%03d.toml", i));
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            Result result = checkConfig(file);
            String failure = judge(file, text, result);
            if (failure != null) {
                failures.add(String.format("mutation %d of %s: %s", i, original.getFileName(), failure));
            } else if (result.exitCode == CheckConfigCommand.EXIT_OK) {
                accepted++;
                String startFailure = startupFailure(file);
                if (startFailure != null) {
                    failures.add(String.format("mutation %d of %s: accepted, but run cannot start: %s", i,
                            original.getFileName(), startFailure));
                }
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + MUTATIONS + " mutations failed");
        // The mutations must not all be refused, or the accepted path would go untested.
        assertTrue(accepted > 0, "no mutation was accepted");
    }

    /** Null if run builds everything it needs from the config before opening links; otherwise why not. */
    private static String startupFailure(Path file) {
        try (TransportRegistry registry = TransportRegistry.standard()) {
            RunCommand.prepare(ConfigLoader.load(file, registry));
            return null;
        } catch (Exception | StackOverflowError e) {
            return e.toString();
        }
    }

    /** Null if check-config behaved; otherwise what went wrong. */
    private static String judge(Path file, String text, Result result) {
        if (result.thrown != null) {
            return "threw " + result.thrown;
        }
        if (result.err.contains("\tat ") || result.err.contains("Exception") || result.err.contains("Error:")) {
            return "printed a stack trace: " + firstLines(result.err);
        }
        if (result.exitCode == CheckConfigCommand.EXIT_OK) {
            return result.out.equals("OK" + System.lineSeparator()) ? null : "exit 0 without OK: " + result.out;
        }
        if (result.exitCode != CheckConfigCommand.EXIT_PROBLEMS || result.err.isBlank()) {
            return "exit " + result.exitCode + " with " + firstLines(result.err);
        }
        long lines = text.lines().count();
        for (String line : result.err.split(System.lineSeparator())) {
            Matcher m = PROBLEM.matcher(line);
            if (!m.matches() || !m.group(1).equals(file.toString())) {
                return "problem without file and line: " + line;
            }
            int number = Integer.parseInt(m.group(2));
            if (number < 1 || number > lines + 1) {
                return "problem on line " + number + " of a " + lines + "-line file: " + line;
            }
        }
        return null;
    }

    private static String firstLines(String text) {
        String[] lines = text.split("\n", 4);
        return String.join(" | ", java.util.Arrays.copyOf(lines, Math.min(3, lines.length)));
    }

    private record Result(int exitCode, String out, String err, Throwable thrown) {
    }

    /** check-config as the command line runs it, on a thread with the JVM's default stack size. */
    private static Result checkConfig(Path file) throws InterruptedException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                CommandLine commandLine = new CommandLine(new CheckConfigCommand());
                commandLine.setOut(new PrintWriter(out));
                commandLine.setErr(new PrintWriter(err));
                exit.set(commandLine.execute(file.toString()));
            } catch (Throwable t) {
                thrown.set(t);
            }
        }, "check-config");
        thread.start();
        thread.join(60_000);
        assertTrue(!thread.isAlive(), "check-config still running after 60 s on " + file);
        return new Result(exit.get(), out.toString(), err.toString(), thrown.get());
    }
}
