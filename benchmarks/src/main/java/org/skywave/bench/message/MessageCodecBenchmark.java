package org.skywave.bench.message;

import java.util.Random;
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
import org.skywave.bridge.message.MalformedMessageException;
import org.skywave.bridge.message.Message;
import org.skywave.bridge.message.MessageCodec;
import org.skywave.bridge.message.Network;
import org.skywave.bridge.message.TxMessage;

/**
 * Encode and decode of a 250-byte TX, against a baseline measured in the same run: copying the
 * 250 bytes into a new array, the least any encoder or decoder of the payload must do. Read the
 * results as ratios to {@code baselineCopy}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MessageCodecBenchmark {

    /** A typical one-input, two-output segwit transaction is 200-250 bytes. */
    private static final int TX_BYTES = 250;

    private final MessageCodec codec = MessageCodec.INSTANCE;
    private byte[] raw;
    private TxMessage tx;
    private byte[] encoded;

    @Setup
    public void setUp() {
        raw = new byte[TX_BYTES];
        new Random(250).nextBytes(raw); // high entropy, like real signatures and hashes
        tx = new TxMessage(Network.BITCOIN_MAINNET, raw);
        encoded = codec.encode(tx);
    }

    @Benchmark
    public byte[] baselineCopy() {
        return raw.clone();
    }

    @Benchmark
    public byte[] encodeTx() {
        return codec.encode(tx);
    }

    @Benchmark
    public Message decodeTx() throws MalformedMessageException {
        return codec.decode(encoded);
    }
}
