package org.skywave.bench.compact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.skywave.bridge.compact.CompactBlocks;
import org.skywave.bridge.compact.HeaderChain;
import org.skywave.bridge.compact.RawBlock;
import org.skywave.bridge.message.BlockMessage;
import org.skywave.bridge.message.HeadersMessage;
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;

/**
 * Sizes of compact blocks and compact header chains on the real mainnet data, as encoded messages:
 * each block's CMPCTBLOCK (receiver holds every transaction) against its BLOCK, and header chains
 * against 80 bytes a header. Sizes, not speed, so a plain program:
 * {@code java -cp benchmarks/target/benchmarks.jar org.skywave.bench.compact.CompactFigures ../shared/data/bitcoin-mainnet}.
 */
public final class CompactFigures {

    private CompactFigures() {
    }

    public static void main(String[] args) throws IOException, MalformedMessageException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/bitcoin-mainnet");
        MessageCodec codec = MessageCodec.INSTANCE;
        Network net = Network.BITCOIN_MAINNET;
        List<Path> blocks;
        try (Stream<Path> files = Files.list(data.resolve("blocks"))) {
            blocks = files.filter(f -> f.toString().endsWith(".bin")).sorted().toList();
        }
        for (Path file : blocks) {
            RawBlock block = RawBlock.parse(Files.readAllBytes(file));
            int full = codec.encode(new BlockMessage(net, block.serialize())).length;
            int compact = codec.encode(CompactBlocks.compact(net, block, 1, Set.of())).length;
            System.out.printf("%s: %d transactions, BLOCK %d bytes, CMPCTBLOCK %d bytes (%.2f%%)%n",
                    file.getFileName(), block.transactions().size(), full, compact, 100.0 * compact / full);
        }
        List<byte[]> real = new ArrayList<>();
        for (String line : Files.readAllLines(data.resolve("headers/bitcoinj_0.17.1_mainnet_checkpoints.csv"))) {
            String[] cols = line.split(",");
            if (cols.length == 5 && cols[4].length() == 160) {
                real.add(HexFormat.of().parseHex(cols[4]));
            }
        }
        report("real checkpoints, 2,016 blocks apart (no previous hash derivable)", real);
        report("chain of 2,016 made of the real headers' versions, merkle roots and nonces (see HeaderChainTest)",
                relinked(real, 2016, 1));
        HeadersMessage message = new HeadersMessage(net, relinked(real, 2000, 1));
        System.out.printf("HEADERS of 2,000 such headers: %d bytes as raw headers, %d bytes compact%n",
                codec.encode(message).length, codec.encodeCompact(message).length);
    }

    private static void report(String what, List<byte[]> headers) {
        int bytes = HeaderChain.encode(headers).length;
        System.out.printf("%s: %d headers, %d bytes, %.2f bytes a header (%.1f%% of 80)%n", what, headers.size(), bytes,
                (double) bytes / headers.size(), 100.0 * bytes / headers.size() / 80);
    }

    /** As {@code HeaderChainTest.chainFromCheckpoints}: real fields, previous hashes linked, times 1-1,200 s apart. */
    private static List<byte[]> relinked(List<byte[]> real, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<byte[]> chain = new ArrayList<>(count);
        byte[] first = real.get(real.size() - 1);
        chain.add(first);
        long time = (first[68] & 0xffL) | (first[69] & 0xffL) << 8 | (first[70] & 0xffL) << 16 | (first[71] & 0xffL) << 24;
        for (int i = 1; i < count; i++) {
            byte[] h = real.get(i % real.size()).clone();
            System.arraycopy(sha256d(chain.get(i - 1)), 0, h, 4, 32);
            time += 1 + random.nextInt(1200);
            for (int b = 0; b < 4; b++) {
                h[68 + b] = (byte) (time >>> (8 * b));
            }
            System.arraycopy(first, 72, h, 72, 4);
            chain.add(h);
        }
        return chain;
    }

    private static byte[] sha256d(byte[] b) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
