package org.skywave.bridge.compact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * The real Bitcoin mainnet blocks and headers kept beside the repository, in
 * {@code ../shared/data/bitcoin-mainnet/} from the repository root (its README gives provenance).
 * Found by looking for {@code shared/data/bitcoin-mainnet} in the working directory's ancestors;
 * a missing folder fails the test, naming the path.
 */
public final class MainnetData {

    static final String RELATIVE = "shared/data/bitcoin-mainnet";

    private MainnetData() {
    }

    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve(RELATIVE);
            if (Files.isDirectory(candidate.resolve("blocks"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("real mainnet data missing: expected ../" + RELATIVE
                + "/blocks beside the repository (looked in every parent of " + start + ")");
    }

    /** Every block file, in name order. */
    public static List<Path> blockFiles() {
        try (Stream<Path> files = Files.list(directory().resolve("blocks"))) {
            List<Path> blocks = files.filter(f -> f.getFileName().toString().endsWith(".bin")).sorted().toList();
            if (blocks.isEmpty()) {
                throw new IllegalStateException("no block_*.bin files in " + directory().resolve("blocks"));
            }
            return blocks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RawBlock block(String name) throws IOException, MalformedMessageException {
        return RawBlock.parse(Files.readAllBytes(directory().resolve("blocks").resolve(name)));
    }

    /** Every transaction of every block. */
    static List<byte[]> allTransactions() throws IOException, MalformedMessageException {
        List<byte[]> txs = new ArrayList<>();
        for (Path f : blockFiles()) {
            txs.addAll(RawBlock.parse(Files.readAllBytes(f)).transactions());
        }
        return txs;
    }

    /** The 80-byte headers of the checkpoints file, in height order. */
    static List<byte[]> checkpointHeaders() throws IOException {
        List<byte[]> headers = new ArrayList<>();
        Path csv = directory().resolve("headers").resolve("bitcoinj_0.17.1_mainnet_checkpoints.csv");
        for (String line : Files.readAllLines(csv)) {
            String[] cols = line.split(",");
            if (cols.length == 5 && cols[4].length() == 160) {
                headers.add(HexFormat.of().parseHex(cols[4]));
            }
        }
        return headers;
    }
}
