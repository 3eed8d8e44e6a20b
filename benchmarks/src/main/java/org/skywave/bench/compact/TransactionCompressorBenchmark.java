package org.skywave.bench.compact;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.skywave.bridge.compact.TransactionCompressor;
import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.framing.Compressor;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * Round trips per second of the compact transaction form on the sample mix, against raw Deflate
 * with the frame dictionary as the baseline measured in the same run (compare the scores as
 * ratios). {@code compress} includes the check by decompression that every result gets.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TransactionCompressorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransactionCompressorBenchmark {

    private static final int LIMIT = 4_000_000;

    private List<byte[]> txs;
    private List<byte[]> compact;
    private List<byte[]> deflated;
    private int next;

    @Setup
    public void setUp() {
        txs = new SampleTransactions(3).next(1024);
        compact = txs.stream().map(TransactionCompressor.INSTANCE::compress).toList();
        deflated = txs.stream().map(tx -> Compressor.standard().compress(tx).orElseThrow()).toList();
    }

    private int index() {
        next = (next + 1) & 1023;
        return next;
    }

    @Benchmark
    public byte[] compactRoundTrip() throws MalformedMessageException {
        return TransactionCompressor.INSTANCE.decompress(TransactionCompressor.INSTANCE.compress(txs.get(index())), LIMIT);
    }

    @Benchmark
    public byte[] compactCompress() {
        return TransactionCompressor.INSTANCE.compress(txs.get(index()));
    }

    @Benchmark
    public byte[] compactDecompress() throws MalformedMessageException {
        return TransactionCompressor.INSTANCE.decompress(compact.get(index()), LIMIT);
    }

    @Benchmark
    public byte[] deflateRoundTrip() throws Exception {
        Optional<byte[]> d = Compressor.standard().compress(txs.get(index()));
        return Compressor.standard().decompress(d.orElseThrow(), LIMIT);
    }

    @Benchmark
    public byte[] deflateDecompress() throws Exception {
        return Compressor.standard().decompress(deflated.get(index()), LIMIT);
    }
}
