package org.skywave.bridge.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.skywave.bridge.config.ConfigException;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.ConfigProblem;
import org.skywave.bridge.config.SkywaveConfig;
import org.skywave.bridge.config.TransportRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code skywave check-config FILE}: checks a config file without starting anything. */
@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Checks a config file: prints OK (exit 0), or every problem as file:line: key: message (exit 1).")
public final class CheckConfigCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_PROBLEMS = 1;

    private final Supplier<TransportRegistry> registries;

    @Parameters(index = "0", paramLabel = "FILE", description = "The TOML config file.")
    private Path file;

    @Spec
    private CommandSpec spec;

    public CheckConfigCommand() {
        this(TransportRegistry::standard);
    }

    /** With the transports of {@code registries} judging the link URIs. */
    public CheckConfigCommand(Supplier<TransportRegistry> registries) {
        this.registries = Objects.requireNonNull(registries, "registries");
    }

    @Override
    public Integer call() {
        try (TransportRegistry registry = registries.get()) {
            SkywaveConfig config = ConfigLoader.load(file, registry);
            try {
                RunCommand.prepare(config);
            } catch (IOException e) {
                // What run would build from the config next; only a file changed since the check gets here.
                PrintWriter err = spec.commandLine().getErr();
                err.println(file + ": cannot start: " + e.getMessage());
                err.flush();
                return EXIT_PROBLEMS;
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("OK");
            out.flush();
            return EXIT_OK;
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            for (ConfigProblem problem : e.problems()) {
                err.println(problem);
            }
            err.flush();
            return EXIT_PROBLEMS;
        }
    }
}
