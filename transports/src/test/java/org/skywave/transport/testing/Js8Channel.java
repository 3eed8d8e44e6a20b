package org.skywave.transport.testing;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The air between {@link Js8CallEmulator}s: a whole JS8 message sent by one station reaches every
 * other station, or, with the given probabilities, is lost, arrives twice, or arrives late (after
 * messages sent later). Loss is per message, as JS8Call delivers a directed message only when
 * every one of its frames decoded (js8call.md section 7). Seeded, so a failing run can be repeated.
 */
public final class Js8Channel implements AutoCloseable {

    /** One message on the air, as the receiving JS8Call would decode it. */
    record Transmission(Js8CallEmulator from, String to, String text, int frames) {
    }

    private final List<Js8CallEmulator> stations = new CopyOnWriteArrayList<>();
    private final Random random;
    private final double loss;
    private final double duplicate;
    private final double reorder;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "js8-channel");
        t.setDaemon(true);
        return t;
    });
    private final List<String> aired = new CopyOnWriteArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();

    /**
     * @param seed      seed of the channel's random choices
     * @param loss      probability that a message is lost for a receiver
     * @param duplicate probability that it is delivered twice
     * @param reorder   probability that it is held back and delivered after later ones
     */
    public Js8Channel(long seed, double loss, double duplicate, double reorder) {
        this.random = new Random(seed);
        this.loss = loss;
        this.duplicate = duplicate;
        this.reorder = reorder;
    }

    /** A perfect channel: everything arrives once, in order. */
    public static Js8Channel perfect() {
        return new Js8Channel(1, 0, 0, 0);
    }

    void join(Js8CallEmulator station) {
        stations.add(station);
    }

    void leave(Js8CallEmulator station) {
        stations.remove(station);
    }

    /** Called by the sender when its last frame has been aired; {@code holdMillis} is a late delivery's delay. */
    synchronized void air(Transmission t, long holdMillis) {
        aired.add(t.from().callsign() + ": " + t.to() + " " + t.text());
        for (Js8CallEmulator s : stations) {
            if (s == t.from()) {
                continue;
            }
            if (random.nextDouble() < loss) {
                lost.incrementAndGet();
                continue;
            }
            int copies = random.nextDouble() < duplicate ? 2 : 1;
            if (copies == 2) {
                duplicated.incrementAndGet();
            }
            boolean late = random.nextDouble() < reorder;
            for (int i = 0; i < copies; i++) {
                if (late) {
                    reordered.incrementAndGet();
                    delays.schedule(() -> s.hear(t), holdMillis, TimeUnit.MILLISECONDS);
                } else {
                    s.hear(t);
                }
            }
        }
    }

    /** Every message aired so far, in order, as {@code "FROM: TO TEXT"}. */
    public List<String> aired() {
        return List.copyOf(aired);
    }

    public long lost() {
        return lost.get();
    }

    public long duplicated() {
        return duplicated.get();
    }

    public long reordered() {
        return reordered.get();
    }

    @Override
    public void close() {
        delays.shutdownNow();
    }
}
