package org.skywave.bench.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.skywave.bridge.message.MessageId;
import org.skywave.bridge.store.MessageQueue;
import org.skywave.bridge.store.MessageStore;
import org.skywave.bridge.store.Priority;
import org.skywave.bridge.store.QueuedMessage;
import org.skywave.bridge.store.StoreOptions;

/**
 * Durable enqueue-and-acknowledge throughput: each operation offers one 250-byte message and
 * acknowledges it, both returning only after their commit. Eight threads, as several links and
 * peers would write at once. GROUP against PER_MESSAGE in the same run gives the group-commit
 * ratio; synchronous FULL is the default, NORMAL the lighter option.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(8)
public class QueueThroughputBenchmark {

    @Param({"GROUP", "PER_MESSAGE"})
    public StoreOptions.CommitMode commitMode;

    @Param({"FULL"})
    public StoreOptions.Synchronous synchronous;

    private Path dir;
    private MessageStore store;
    private MessageQueue queue;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("skywave-bench-store");
        store = MessageStore.open(dir.resolve("store.db"), StoreOptions.builder().commitMode(commitMode)
                .synchronous(synchronous).statsLogInterval(Duration.ZERO).build());
        queue = store.queue("ax25-1");
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Per-thread id source: seeded, so runs are repeatable. */
    @State(Scope.Thread)
    public static class Messages {
        private final Random random = new Random(Thread.currentThread().getId());
        private final byte[] payload = new byte[250];

        QueuedMessage next() {
            byte[] id = new byte[MessageId.LENGTH];
            random.nextBytes(id);
            return QueuedMessage.of(MessageId.of(id), "ax25-1", Priority.TX, payload, Instant.now(), Duration.ofHours(1));
        }
    }

    @Benchmark
    public void offerAndAck(Messages messages) throws IOException {
        QueuedMessage m = messages.next();
        queue.offer(m);
        queue.ack(m.id());
    }
}
