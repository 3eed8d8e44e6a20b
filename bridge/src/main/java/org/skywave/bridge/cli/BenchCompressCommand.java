package org.skywave.bridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.skywave.bridge.compact.RawBlock;
import org.skywave.bridge.compact.TransactionCompressor;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code skywave bench compress FILE...}: compresses every transaction of raw Bitcoin blocks
 * (header, CompactSize count, transactions; the {@code getblock <hash> 0} bytes), checks each
 * decompresses to exactly its wire bytes, and prints the totals.
 */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Compresses every transaction of raw Bitcoin block files, checks each round trip, prints the totals.")
final class BenchCompressCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "raw block files (80-byte header, tx count, txs)")
    List<Path> files;

    @Override
    public Integer call() {
        long txs = 0;
        long wire = 0;
        long compact = 0;
        for (Path file : files) {
            RawBlock block;
            try {
                block = RawBlock.parse(Files.readAllBytes(file));
            } catch (MalformedMessageException e) {
                spec.commandLine().getErr().println("bench compress: " + file + " is not a raw block: " + e.getMessage());
                return 1;
            } catch (IOException e) {
                spec.commandLine().getErr().println("bench compress: cannot read " + file + ": " + e.getMessage());
                return 1;
            }
            long fileWire = 0;
            long fileCompact = 0;
            int index = 0;
            for (byte[] tx : block.transactions()) {
                byte[] c = TransactionCompressor.INSTANCE.compress(tx);
                try {
                    if (!Arrays.equals(TransactionCompressor.INSTANCE.decompress(c, MessageLimits.MAX_PAYLOAD_BYTES), tx)) {
                        spec.commandLine().getErr().println("bench compress: " + file + " transaction " + index
                                + " does not round-trip");
                        return 1;
                    }
                } catch (MalformedMessageException e) {
                    spec.commandLine().getErr().println("bench compress: " + file + " transaction " + index
                            + " does not decompress: " + e.getMessage());
                    return 1;
                }
                fileWire += tx.length;
                fileCompact += c.length;
                index++;
            }
            spec.commandLine().getOut().println(line(file.getFileName() + ": transactions " + index, fileWire, fileCompact));
            txs += index;
            wire += fileWire;
            compact += fileCompact;
        }
        spec.commandLine().getOut().println(line("transactions " + txs, wire, compact));
        return 0;
    }

    static String line(String head, long wire, long compact) {
        return String.format(Locale.ROOT, "%s, wire bytes %d, compressed bytes %d, saved %.1f%%", head, wire, compact,
                wire == 0 ? 0.0 : 100.0 * (wire - compact) / wire);
    }
}
