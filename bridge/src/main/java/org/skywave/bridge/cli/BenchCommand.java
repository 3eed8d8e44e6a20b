package org.skywave.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code skywave bench}: measurements a user can repeat. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCompressCommand.class},
        description = "Measures what Skywave puts on the air.")
final class BenchCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
