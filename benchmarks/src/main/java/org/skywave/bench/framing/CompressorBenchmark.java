package org.skywave.bench.framing;

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
import org.skywave.bridge.demo.SampleTransactions;
import org.skywave.bridge.framing.Compressor;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.Fragmenter;
import org.skywave.bridge.framing.Reassembler;
import org.skywave.bridge.framing.ReassemblerLimits;
import org.skywave.transport.MalformedFrameException;

/**
 * Time to frame and reassemble one sample transaction: {@code frameUncompressed} is the baseline
 * the others are read against (compare scores as ratios in the same run). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar CompressorBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CompressorBenchmark {

    private List<byte[]> txs;
    private List<byte[]> compressed;
    private int next;
    private final Fragmenter plain = new Fragmenter(64, FrameAuthenticator.NONE, false, 0);
    private final Fragmenter deflating = new Fragmenter(64, FrameAuthenticator.NONE, true, 0);

    @Setup
    public void setUp() {
        txs = new SampleTransactions(3).next(1024);
        compressed = txs.stream().map(tx -> Compressor.standard().compress(tx).orElse(tx)).toList();
    }

    private int index() {
        next = (next + 1) & 1023;
        return next;
    }

    @Benchmark
    public List<byte[]> frameUncompressed() {
        return plain.frames(txs.get(index()));
    }

    @Benchmark
    public List<byte[]> frameCompressed() {
        return deflating.frames(txs.get(index()));
    }

    @Benchmark
    public Optional<byte[]> compressWithDictionary() {
        return Compressor.standard().compress(txs.get(index()));
    }

    @Benchmark
    public Optional<byte[]> compressWithoutDictionary() {
        return Compressor.withoutDictionary().compress(txs.get(index()));
    }

    @Benchmark
    public byte[] decompressWithDictionary() throws MalformedFrameException {
        return Compressor.standard().decompress(compressed.get(index()), 4096);
    }

    @Benchmark
    public Optional<byte[]> frameAndReassembleCompressed() throws MalformedFrameException {
        Reassembler reassembler = new Reassembler(ReassemblerLimits.defaults(), FrameAuthenticator.NONE, System::nanoTime);
        Optional<byte[]> out = Optional.empty();
        for (byte[] frame : deflating.frames(txs.get(index()))) {
            out = reassembler.accept("A", frame);
        }
        return out;
    }
}
