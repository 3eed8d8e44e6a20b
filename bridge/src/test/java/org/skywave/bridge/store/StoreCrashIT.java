package org.skywave.bridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.message.MessageId;

/**
 * Kill -9 at random moments (Artemis JournalCrashTest, with a real SIGKILL): a child JVM
 * ({@link StoreCrashChild}) enqueues, delivers to a durable receiver and acknowledges in a loop;
 * it is killed with {@code destroyForcibly()} after a seeded random delay, 20 times, and
 * restarted on the same files. Afterwards every message whose offer returned was delivered
 * exactly once, and no acknowledged message is still queued.
 */
class StoreCrashIT {

    private static final int ROUNDS = 20;
    private static final long SEED = Long.getLong("skywave.crash.seed", 20_251_123L);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private record Run(Process process, List<String> lines, CountDownLatch ready, Thread reader) {
    }

    private Run start(String mode, long seed) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx64m", "-Dtinylog.level=warn",
                "-cp", System.getProperty("java.class.path"), StoreCrashChild.class.getName(),
                dir.resolve("sender.db").toString(), dir.resolve("receiver.db").toString(), Long.toString(seed), mode);
        builder.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.log").toFile()));
        Process process = builder.start();
        processes.add(process);
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // The pipe breaks when the child is killed: what was read is what counts.
            }
        }, "crash-child-reader");
        reader.start();
        return new Run(process, lines, ready, reader);
    }

    /** Ids from complete {@code <tag> <64 hex>} lines; a line cut by the kill is ignored. */
    private static List<MessageId> ids(List<String> lines, char tag) {
        List<MessageId> ids = new ArrayList<>();
        for (String line : lines) {
            if (line.length() == 2 + 2 * MessageId.LENGTH && line.charAt(0) == tag && line.charAt(1) == ' ') {
                ids.add(MessageId.fromHex(line.substring(2)));
            }
        }
        return ids;
    }

    @Test
    void everyAcceptedMessageIsDeliveredExactlyOnceThroughRepeatedKills() throws Exception {
        System.out.println("StoreCrashIT seed " + SEED + " (rerun with -Dskywave.crash.seed=" + SEED + ")");
        Random random = new Random(SEED);
        Set<MessageId> accepted = new LinkedHashSet<>();
        List<MessageId> deliveredLines = new ArrayList<>();
        Set<MessageId> acknowledged = new HashSet<>();
        StoreOptions options = StoreOptions.builder().statsLogInterval(Duration.ZERO).build();
        long started = System.nanoTime();

        for (int round = 0; round < ROUNDS; round++) {
            Run run = start("loop", SEED + round);
            assertTrue(run.ready().await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS),
                    "round " + round + ": child did not open its stores; see " + dir.resolve("child-stderr.log"));
            Thread.sleep(100 + random.nextInt(900));
            run.process().destroyForcibly();
            assertTrue(run.process().waitFor(10, TimeUnit.SECONDS), "round " + round + ": child did not die");
            run.reader().join(5_000);
            accepted.addAll(ids(run.lines(), 'A'));
            deliveredLines.addAll(ids(run.lines(), 'D'));
            acknowledged.addAll(ids(run.lines(), 'K'));

            try (MessageStore sender = MessageStore.open(dir.resolve("sender.db"), options)) {
                MessageQueue queue = sender.queue(StoreCrashChild.OUT);
                for (MessageId id : acknowledged) {
                    assertFalse(queue.contains(id), "round " + round + ": acknowledged " + id + " is still queued");
                }
            }
        }

        Run drain = start("drain", SEED + ROUNDS);
        assertTrue(drain.process().waitFor(60, TimeUnit.SECONDS), "drain run did not finish");
        drain.reader().join(5_000);
        assertEquals(0, drain.process().exitValue(), "drain run failed; see " + dir.resolve("child-stderr.log"));
        deliveredLines.addAll(ids(drain.lines(), 'D'));

        Set<MessageId> distinct = new HashSet<>(deliveredLines);
        assertEquals(distinct.size(), deliveredLines.size(), "a message was delivered as new twice");
        try (MessageStore sender = MessageStore.open(dir.resolve("sender.db"), options);
             MessageStore receiver = MessageStore.open(dir.resolve("receiver.db"), options)) {
            assertEquals(0, sender.queue(StoreCrashChild.OUT).stats().depth(), "sender queue not empty after the drain");
            MessageQueue inbox = receiver.queue(StoreCrashChild.INBOX);
            for (MessageId id : accepted) {
                assertTrue(receiver.seenSet().contains(id) && inbox.contains(id), "accepted " + id + " never delivered");
            }
            List<QueuedMessage> received = inbox.peek(1_000_000);
            Set<MessageId> receivedIds = new HashSet<>();
            received.forEach(m -> receivedIds.add(m.id()));
            assertEquals(received.size(), receivedIds.size());
            assertTrue(receivedIds.containsAll(distinct), "a message reported delivered is missing at the receiver");
            System.out.printf("StoreCrashIT: %d rounds, %d accepted, %d delivered at the receiver, %d acknowledged seen in"
                    + " output, %.1f s%n", ROUNDS, accepted.size(), received.size(), acknowledged.size(),
                    (System.nanoTime() - started) / 1e9);
        }
        assertTrue(accepted.size() >= ROUNDS, "too little traffic to prove anything: " + accepted.size());
    }
}
