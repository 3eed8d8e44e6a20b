package org.skywave.bench.station;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.skywave.bridge.admin.AdminClientException;
import org.skywave.bridge.demo.DemoTransactions;
import org.skywave.bridge.framing.Compressor;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.FrameHeader;
import org.skywave.bridge.framing.Fragmenter;

/**
 * Relay delay of honest traffic while strangers attack, with daemons started from config files:
 * A relays transactions submitted to its admin API over a KISS link ({@link KissCable}) to B,
 * and has a {@code tcp-listen} internet link that 40 connections flood with Deflate bombs (6 KiB
 * that inflate past the 4 MiB limit) and large fragments (64 KiB) of messages that never complete. A's
 * {@code ban_score} is set to its maximum, as if the attackers came from many addresses, so the
 * storm lasts. Prints the delay from submission (202) to "received" at B for honest
 * transactions sent one at a time, quiet and then during the storm, with the ratio, and how long
 * A's {@code /status} took to answer. Arguments (optional): samples (20), first of five free
 * ports (25300), attacking connections (40).
 */
public final class BombStormFigures {

    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(60);
    /** Between samples, so that a phase lasts long enough for the storm to build up. */
    private static final Duration PAUSE = Duration.ofMillis(500);
    /** Samples in a row that reach B late (after {@link #SAMPLE_TIMEOUT}) before a phase gives up. */
    private static final int MAX_LATE = 3;

    private final AtomicBoolean storming = new AtomicBoolean();
    private final AtomicLong bombs = new AtomicLong();
    private final AtomicLong fragments = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();

    private BombStormFigures() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 25300;
        int attackers = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        new BombStormFigures().run(samples, port, attackers);
    }

    private void run(int samples, int port, int attackers) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("").toAbsolutePath(), "skywave-bomb-storm");
        Path token = dir.resolve("admin.token");
        Files.writeString(token, "7".repeat(32));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        int internet = port + 4;
        String linksA = WriteFigures.radioLink(port, "K1ABC-1", "K1ABC-2").replace("[gate]", "[gate]\nban_score = 10000") + """

                [[link]]
                name = "internet"
                uri = "tcp-listen://127.0.0.1:%d"
                """.formatted(internet);
        Path configA = Daemon.writeConfig(dir, "a", port + 2, token, "", linksA);
        Path configB = Daemon.writeConfig(dir, "b", port + 3, token, "", WriteFigures.radioLink(port + 1, "K1ABC-2", "K1ABC-1"));
        DemoTransactions transactions = new DemoTransactions(new SplittableRandom(155));
        try (KissCable cable = new KissCable(port, port + 1);
             Daemon a = Daemon.start("a", configA, port + 2);
             Daemon b = Daemon.start("b", configB, port + 3)) {
            WriteFigures.awaitLinks(a, b);
            relayDelay(a, b, transactions, 2); // warm-up: both JVMs compile the relay path
            Delays quiet = relayDelay(a, b, transactions, samples);
            long linesBefore = a.lines();
            long stormStarted = System.nanoTime();
            List<Thread> threads = startStorm(internet, attackers);
            Thread.sleep(2_000);
            Delays storm = relayDelay(a, b, transactions, samples);
            storming.set(false);
            double stormSeconds = (System.nanoTime() - stormStarted) / 1e9;
            long stormLines = a.lines() - linesBefore;
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            System.out.printf("quiet: relay delay median %.0f ms, max %.0f ms; /status max %.0f ms%n",
                    quiet.median(), quiet.max(), quiet.statusMax());
            System.out.printf("storm of %d connections (%,d connections made, %,d bombs, %,d large fragments sent):"
                            + " relay delay median %.0f ms, max %.0f ms (%d of %d samples not at B within %d s); /status max %.0f ms%n",
                    attackers, connections.get(), bombs.get(), fragments.get(), storm.median(), storm.max(), storm.late(),
                    storm.relay().size(), SAMPLE_TIMEOUT.toSeconds(), storm.statusMax());
            System.out.printf("A wrote %,d log lines in the %.0f s of the storm%n", stormLines, stormSeconds);
            System.out.printf("ratio storm/quiet: median %.1fx, max %.1fx%n", storm.median() / quiet.median(),
                    storm.max() / quiet.max());
        }
    }

    /** Delays in milliseconds; {@code late} samples had not reached B after {@link #SAMPLE_TIMEOUT} (counted as that). */
    private record Delays(List<Double> relay, List<Double> status, int late) {
        double median() {
            List<Double> sorted = relay.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        double max() {
            return relay.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        double statusMax() {
            return status.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }
    }

    /** Sends {@code samples} transactions one at a time, each once the one before reached B. */
    private static Delays relayDelay(Daemon a, Daemon b, DemoTransactions transactions, int samples) throws Exception {
        String token = "7".repeat(32);
        List<Double> relay = new ArrayList<>();
        List<Double> status = new ArrayList<>();
        int late = 0;
        for (int i = 0; i < samples && late < MAX_LATE; i++) {
            long before = b.received();
            long started = System.nanoTime();
            try {
                a.admin().submitTx(HexFormat.of().formatHex(transactions.next()), null, token);
            } catch (AdminClientException e) {
                // Not answered in 30 s: it may still be queued; the delay to B tells.
                System.out.println("submission: " + e.getMessage());
            }
            if (!Daemon.await(SAMPLE_TIMEOUT, () -> b.received() > before)) {
                System.out.println("an honest transaction did not reach B within " + SAMPLE_TIMEOUT + "; A alive: "
                        + a.alive() + "; A's last lines:\n" + a.tail());
                late++;
            }
            relay.add((System.nanoTime() - started) / 1e6);
            Thread.sleep(PAUSE.toMillis());
            long asked = System.nanoTime();
            try {
                a.admin().status();
            } catch (AdminClientException e) {
                System.out.println("status: " + e.getMessage());
            }
            status.add((System.nanoTime() - asked) / 1e6);
        }
        return new Delays(relay, status, late);
    }

    private List<Thread> startStorm(int port, int attackers) {
        byte[] bomb = bombFrame();
        storming.set(true);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < attackers; i++) {
            long seed = i;
            Thread thread = new Thread(() -> attack(port, bomb, seed), "attacker " + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    /** 6 KiB of Deflate (with the version 1 dictionary) that inflates to 5 MiB, past the 4 MiB message limit. */
    private static byte[] bombFrame() {
        byte[] compressed = Compressor.standard().compress(new byte[5 * 1024 * 1024]).orElseThrow();
        byte[] header = FrameHeader.unfragmented(true, false).encode();
        byte[] frame = new byte[header.length + compressed.length];
        System.arraycopy(header, 0, frame, 0, header.length);
        System.arraycopy(compressed, 0, frame, header.length, compressed.length);
        return frame;
    }

    /** One attacker: connects, sends a bomb and then 8 fragments of a 600 kB message that never completes, over and over. */
    private void attack(int port, byte[] bomb, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] big = new byte[600_000];
        random.nextBytes(big);
        while (storming.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                connections.incrementAndGet();
                drain(socket);
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                Fragmenter fragmenter = new Fragmenter(65_536, FrameAuthenticator.NONE, false, random.nextInt(256));
                while (storming.get()) {
                    send(out, bomb);
                    bombs.incrementAndGet();
                    big[0]++; // a different message each round
                    List<byte[]> frames = fragmenter.frames(big);
                    for (byte[] frame : frames.subList(0, 8)) {
                        send(out, frame);
                        fragments.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                sleep(100); // closed or refused: come back
            }
        }
    }

    private static void send(DataOutputStream out, byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
    }

    /** Reads and drops what the station sends (REJECTs), so that its writes never hold it up. */
    private static void drain(Socket socket) {
        Thread reader = new Thread(() -> {
            try (InputStream in = socket.getInputStream()) {
                byte[] buffer = new byte[8192];
                while (in.read(buffer) >= 0) {
                    // dropped
                }
            } catch (IOException e) {
                // closed
            }
        }, "attacker reader");
        reader.setDaemon(true);
        reader.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
