package org.skywave.bridge.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skywave.bridge.bench.AirtimeBench;
import org.skywave.bridge.demo.SampleTransactions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code skywave bench}: the same seeded transactions carried end to end, station A to station B,
 * over every simulated profile in virtual time, in wire and in compact form; one table.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCompressCommand.class},
        description = {"Carries the same seeded transactions from station A to station B over every simulated link",
                "profile (virtual time) and prints what each costs on the air."})
final class BenchCommand implements Callable<Integer> {

    /** Far beyond the slowest run (20 transactions at 2.4 bit/s take about 10 hours). */
    private static final Duration LIMIT = Duration.ofDays(3);

    @Spec
    CommandSpec spec;

    @Option(names = "--count", defaultValue = "20", description = "transactions to carry (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the transactions and the links (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 10_000) {
            spec.commandLine().getErr().println("skywave bench: --count must be 1 to 10000 (got " + count + ")");
            return 2;
        }
        Logging.configure("error");
        List<byte[]> txs = new SampleTransactions(seed).next(count);
        AirtimeBench bench = new AirtimeBench(txs);
        var out = spec.commandLine().getOut();
        long wire = txs.stream().mapToLong(tx -> tx.length).sum();
        out.printf(Locale.ROOT, "skywave bench --count %d --seed %d: %d sample transactions (mainnet mix), %d wire bytes,"
                + " station A to B, simulated links, virtual time%n", count, seed, count, wire);
        out.printf(Locale.ROOT, "%-13s %-8s %10s %9s %9s %11s %11s%n", "profile", "tx form", "time s", "delivered",
                "of rate", "of ceiling", "on-air B/tx");
        boolean all = true;
        for (AirtimeBench.Profile profile : AirtimeBench.standardProfiles()) {
            for (boolean compact : new boolean[] {false, true}) {
                AirtimeBench.Result r = bench.run(profile, compact, seed, LIMIT);
                all &= r.delivered() == r.count();
                out.printf(Locale.ROOT, "%-13s %-8s %10.1f %9s %8.1f%% %10.1f%% %11.1f%n", profile.label(),
                        compact ? "compact" : "wire", r.seconds(), r.delivered() + "/" + r.count(),
                        100 * r.shareOfLinkRate(), 100 * r.shareOfCeiling(), r.onAirBytesPerTx());
                out.flush();
            }
        }
        AirtimeBench.EncodingSizes e = bench.encodingSizes();
        out.printf(Locale.ROOT, "bytes per transaction: Skywave TX compact %.1f, Skywave TX %.1f, Bitcoin tx message"
                + " (24-byte header) %.1f, JSON line (Bunkercoin design, hex) %.1f%n", (double) e.skywaveCompact() / e.count(),
                (double) e.skywave() / e.count(), (double) e.bitcoinWire() / e.count(), (double) e.jsonLines() / e.count());
        return all ? 0 : 1;
    }
}
