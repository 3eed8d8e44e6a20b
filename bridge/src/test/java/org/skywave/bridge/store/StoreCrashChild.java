package org.skywave.bridge.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.skywave.bridge.message.MessageId;

/**
 * The process {@link StoreCrashIT} kills. Two producers offer messages to a sender store; a
 * deliverer peeks them, hands each to a receiver store (seen-set and inbox in one transaction)
 * and only then acknowledges it at the sender. Every line is printed after the step it reports
 * has returned: {@code A id} accepted, {@code D id} delivered as new, {@code K id} acknowledged.
 *
 * <p>Arguments: sender-db receiver-db seed {@code loop|drain}. {@code loop} runs until killed (at
 * most a minute); {@code drain} delivers what is queued and exits 0.
 */
public final class StoreCrashChild {

    static final String OUT = "radio-1";
    static final String INBOX = "inbox";
    private static final Duration MAX_RUN = Duration.ofSeconds(60);

    private StoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path senderFile = Path.of(args[0]);
        Path receiverFile = Path.of(args[1]);
        long seed = Long.parseLong(args[2]);
        boolean drain = args[3].equals("drain");
        PrintStream out = System.out;
        StoreOptions options = StoreOptions.builder().statsLogInterval(Duration.ZERO).build();
        try (MessageStore sender = MessageStore.open(senderFile, options);
             MessageStore receiver = MessageStore.open(receiverFile, options)) {
            report(out, "READY");
            MessageQueue queue = sender.queue(OUT);
            long deadline = System.nanoTime() + MAX_RUN.toNanos();
            Semaphore room = new Semaphore(200);
            if (!drain) {
                for (int p = 0; p < 2; p++) {
                    Random random = new Random(seed * 31 + p);
                    Thread producer = new Thread(() -> produce(queue, random, room, out, deadline), "producer-" + p);
                    producer.setDaemon(true);
                    producer.start();
                }
            }
            while (System.nanoTime() < deadline) {
                List<QueuedMessage> ready = queue.peek(32);
                if (ready.isEmpty()) {
                    if (drain) {
                        return;
                    }
                    Thread.sleep(2);
                    continue;
                }
                for (QueuedMessage m : ready) {
                    Instant seenUntil = Clock.systemUTC().instant().plus(Duration.ofDays(1));
                    if (receiver.receive(m.id(), seenUntil, List.of(m.withDestination(INBOX)))) {
                        report(out, "D " + m.id().hex());
                    }
                    queue.ack(m.id());
                    report(out, "K " + m.id().hex());
                    room.release();
                }
            }
        }
    }

    private static void produce(MessageQueue queue, Random random, Semaphore room, PrintStream out, long deadline) {
        try {
            while (System.nanoTime() < deadline) {
                if (!room.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                byte[] id = new byte[MessageId.LENGTH];
                random.nextBytes(id);
                byte[] payload = new byte[100];
                random.nextBytes(payload);
                QueuedMessage m = QueuedMessage.of(MessageId.of(id), OUT, Priority.TX, payload,
                        Clock.systemUTC().instant(), Duration.ofDays(1));
                if (queue.offer(m)) {
                    report(out, "A " + m.id().hex());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            System.err.println("producer stopped: " + e);
        }
    }

    private static void report(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
