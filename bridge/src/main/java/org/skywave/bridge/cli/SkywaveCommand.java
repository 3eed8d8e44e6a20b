package org.skywave.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code skywave} command: entry point of the jar. */
@Command(name = "skywave", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = {RunCommand.class, DemoCommand.class, CheckConfigCommand.class, KeygenCommand.class,
                StatusCommand.class, SendTxCommand.class, BenchCommand.class},
        description = "Carries blockchain peer-to-peer traffic between the internet and amateur radio links.")
public final class SkywaveCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SkywaveCommand()).execute(args));
    }
}
