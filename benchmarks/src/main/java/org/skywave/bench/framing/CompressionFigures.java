package org.skywave.bench.framing;

import java.util.List;
import java.util.Optional;

import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.framing.Compressor;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;

/**
 * Bytes on the wire for sample transactions: not compressed, raw Deflate without a dictionary,
 * and raw Deflate with the protocol's dictionary (each used only when strictly smaller, as the
 * fragmenter does), plus frame counts at the JS8Call MTU. Sizes, not speed, so a plain program
 * rather than a JMH benchmark: {@code java -cp benchmarks/target/benchmarks.jar
 * org.skywave.bench.framing.CompressionFigures [count] [seed]}.
 */
public final class CompressionFigures {

    private CompressionFigures() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 2;
        List<byte[]> txs = new SampleTransactions(seed).next(count);
        long raw = 0;
        long plain = 0;
        long dictionary = 0;
        int plainWins = 0;
        int dictionaryWins = 0;
        long framesRaw = 0;
        long framesDictionary = 0;
        long bytesRaw = 0;
        long bytesDictionary = 0;
        Fragmenter js8Raw = new Fragmenter(64, FrameAuthenticator.NONE, false, 0);
        Fragmenter js8Compressed = new Fragmenter(64, FrameAuthenticator.NONE, true, 0);
        for (byte[] tx : txs) {
            raw += tx.length;
            Optional<byte[]> p = Compressor.withoutDictionary().compress(tx);
            Optional<byte[]> d = Compressor.standard().compress(tx);
            plain += p.map(b -> b.length).orElse(tx.length);
            dictionary += d.map(b -> b.length).orElse(tx.length);
            plainWins += p.isPresent() ? 1 : 0;
            dictionaryWins += d.isPresent() ? 1 : 0;
            for (byte[] f : js8Raw.frames(tx)) {
                framesRaw++;
                bytesRaw += f.length;
            }
            for (byte[] f : js8Compressed.frames(tx)) {
                framesDictionary++;
                bytesDictionary += f.length;
            }
        }
        System.out.printf("%d sample transactions (seed %d), %d bytes, mean %.1f%n", count, seed, raw, (double) raw / count);
        System.out.printf("not compressed:           %9d bytes (100.00%%)%n", raw);
        System.out.printf("deflate, no dictionary:   %9d bytes (%6.2f%%), smaller for %5.1f%% of transactions%n",
                plain, 100.0 * plain / raw, 100.0 * plainWins / count);
        System.out.printf("deflate, dictionary v1:   %9d bytes (%6.2f%%), smaller for %5.1f%% of transactions%n",
                dictionary, 100.0 * dictionary / raw, 100.0 * dictionaryWins / count);
        System.out.printf("JS8 (mtu 64) frames: %d -> %d, frame bytes %d -> %d (%.2f%%)%n",
                framesRaw, framesDictionary, bytesRaw, bytesDictionary, 100.0 * bytesDictionary / bytesRaw);
    }
}
