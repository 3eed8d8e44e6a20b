package org.skywave.bench.framing;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.skywave.bridge.framing.Ed25519FrameAuthenticator;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.identity.TrustedPeers;

/**
 * CPU time to tag and to verify one frame's covered bytes (190 bytes: a full 256-byte AX.25
 * frame less a signature tag) with each authenticator. {@code NONE} is the baseline; read the
 * others as ratios against it and against each other in the same run. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar AuthenticatorBenchmark -jvmArgs -Xmx64m}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AuthenticatorBenchmark {

    /** Covered bytes of a full frame at the AX.25 PACLEN of 256 with a 66-byte signature tag. */
    static final int COVERED_BYTES = 256 - Ed25519FrameAuthenticator.TAG_BYTES;

    @Param({"NONE", "HMAC_8", "ED25519"})
    public String mode;

    private FrameAuthenticator authenticator;
    private byte[] covered;
    private byte[] tag;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        StationKey own = StationKey.generate(seeded(7));
        authenticator = switch (mode) {
            case "NONE" -> FrameAuthenticator.NONE;
            case "HMAC_8" -> {
                byte[] secret = new byte[32];
                random.nextBytes(secret);
                yield new HmacFrameAuthenticator(secret);
            }
            case "ED25519" -> new Ed25519FrameAuthenticator(own, TrustedPeers.of(own.id()));
            default -> throw new IllegalArgumentException("unknown mode: " + mode);
        };
        covered = new byte[COVERED_BYTES];
        random.nextBytes(covered);
        tag = authenticator.tag(covered, 0, covered.length);
        if (!authenticator.verify(covered, 0, covered.length, tag, 0)) {
            throw new IllegalStateException(mode + ": own tag does not verify");
        }
    }

    @Benchmark
    public byte[] tag() {
        return authenticator.tag(covered, 0, covered.length);
    }

    @Benchmark
    public boolean verify() {
        return authenticator.verify(covered, 0, covered.length, tag, 0);
    }

    /** A reproducible key: SHA1PRNG seeded before first use is deterministic. */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
