package org.skywave.transport.testing;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The radio channel between {@link VaraModemEmulator}s: one ARQ session at a time, half duplex,
 * at a VARA-like bit rate for the session's bandwidth, with turnaround latency and dropouts.
 * Figures from {@code ../shared/specs/vara.md} section 9 (marked where unverified there).
 *
 * <p>Model: while a session is up, the channel alternates between the two modems that have data
 * queued, airing one data frame of at most {@link #FRAME_MILLIS} of airtime at a time. A frame
 * costs its airtime plus the ACK turnaround; it then arrives on the receiver's data port and
 * leaves the sender's buffer (which reports {@code BUFFER n}). A lost frame is repeated by the
 * ARQ (costing time, losing nothing); a dropout ends the session on both sides, and whatever the
 * sender still held is lost with it, as when a real HF link fades out.
 *
 * <p>All channel state lives on one thread; modems call in through {@link #execute}.
 */
public final class VaraAirChannel implements Closeable {

    /** VARA HF (VARA 2 table, top level, 2300 Hz): 5802 bit/s net. vara.md section 9. */
    public static final int HF_2300_BITRATE = 5802;
    /** 500 Hz and 2750 Hz: not in any source (vara.md section 9, unverified); scaled from 2300 Hz by bandwidth. */
    public static final int HF_500_BITRATE = 1260;
    public static final int HF_2750_BITRATE = 6940;
    /** VARA FM narrow: the highest level observed from VARA FM 4.3.8 (level 9 = 9567 bit/s). vara.md section 9. */
    public static final int FM_NARROW_BITRATE = 9567;
    /** VARA FM wide: "up to 25 kbit/s" (German Wikipedia, vara.md section 9). */
    public static final int FM_WIDE_BITRATE = 25000;
    /** VARA 2 data frame of 5225 ms (vara.md section 9); a frame holds at most this much airtime. */
    public static final long FRAME_MILLIS = 5225;
    /** VARA 2 ACK frame of 842 ms (vara.md section 9): the turnaround after each HF data frame. */
    public static final long HF_ACK_MILLIS = 842;
    /** VARA FM turnaround: not documented; FM radios key up in a few hundred ms. */
    public static final long FM_ACK_MILLIS = 300;
    /** A call is answered after this: a VARA HF connect takes a 1.4 s / 1.3 s exchange (vara.md section 9). */
    public static final long CONNECT_MILLIS = 2700;
    /** A call nobody answers fails after this: a VARA FM log shows a timeout after about 16 s (vara.md section 9). */
    public static final long NO_ANSWER_MILLIS = 16_000;

    /**
     * How the channel behaves.
     *
     * @param timeScale       multiplies every delay (1.0 = real VARA timing; tests use less)
     * @param frameLoss       chance that one data frame is lost and repeated by the ARQ
     * @param dropoutPerFrame chance that the session fades out during a frame
     * @param seed            for the random draws, so a run can be repeated
     */
    public record Conditions(double timeScale, double frameLoss, double dropoutPerFrame, long seed) {
        public Conditions {
            if (!(timeScale > 0)) {
                throw new IllegalArgumentException("timeScale <= 0: " + timeScale);
            }
            if (frameLoss < 0 || frameLoss >= 1 || dropoutPerFrame < 0 || dropoutPerFrame >= 1) {
                throw new IllegalArgumentException("probabilities must be in [0, 1): " + frameLoss + ", " + dropoutPerFrame);
            }
        }

        /** Real timing, no loss. */
        public static Conditions clear() {
            return new Conditions(1.0, 0, 0, 1);
        }

        public Conditions scaled(double newScale) {
            return new Conditions(newScale, frameLoss, dropoutPerFrame, seed);
        }
    }

    /** One ARQ session: who called whom, at which rate. */
    private static final class Session {
        final VaraModemEmulator caller;
        final VaraModemEmulator callee;
        final int bitrate;
        final long ackMillis;
        boolean up;
        boolean frameInFlight;
        boolean callerTurn = true;
        ScheduledFuture<?> pendingStep;

        Session(VaraModemEmulator caller, VaraModemEmulator callee, int bitrate, long ackMillis) {
            this.caller = caller;
            this.callee = callee;
            this.bitrate = bitrate;
            this.ackMillis = ackMillis;
        }

        VaraModemEmulator other(VaraModemEmulator modem) {
            return modem == caller ? callee : caller;
        }
    }

    private final Conditions conditions;
    private final Random random;
    private final ScheduledExecutorService thread;
    private final List<VaraModemEmulator> modems = new ArrayList<>();
    private Session session;
    private long framesAired;
    private long framesLost;
    private long payloadBytesAired;
    private long airNanos;
    private int sessions;
    private int dropouts;

    public VaraAirChannel(Conditions conditions) {
        this.conditions = Objects.requireNonNull(conditions, "conditions");
        this.random = new Random(conditions.seed());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vara-air");
            t.setDaemon(true);
            return t;
        });
    }

    public Conditions conditions() {
        return conditions;
    }

    /** The net bit rate of a session of {@code kind} at {@code bandwidth} (HF: 500/2300/2750; FM: NARROW/WIDE). */
    public static int bitrate(VaraModemEmulator.Kind kind, String bandwidth) {
        return switch (kind) {
            case HF -> switch (bandwidth) {
                case "500" -> HF_500_BITRATE;
                case "2750" -> HF_2750_BITRATE;
                default -> HF_2300_BITRATE;
            };
            case FM -> "NARROW".equals(bandwidth) ? FM_NARROW_BITRATE : FM_WIDE_BITRATE;
        };
    }

    void execute(Runnable task) {
        try {
            thread.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    System.err.println("vara-air: " + e);
                    e.printStackTrace();
                }
            });
        } catch (RejectedExecutionException closed) {
            // The channel is gone; the modems' calls go nowhere, as with the radio switched off.
        }
    }

    private ScheduledFuture<?> later(long millis, Runnable task) {
        try {
            return thread.schedule(task, Math.max(0, Math.round(millis * conditions.timeScale() * 1000)), TimeUnit.MICROSECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    void attach(VaraModemEmulator modem) {
        execute(() -> modems.add(modem));
    }

    void detach(VaraModemEmulator modem) {
        execute(() -> {
            modems.remove(modem);
            if (session != null && (session.caller == modem || session.callee == modem)) {
                endSession(modem, "the other modem went off the air");
            }
        });
    }

    /** Sessions set up on this channel so far. */
    public int sessions() {
        return call(() -> sessions);
    }

    /** Sessions ended by a fade-out (random or {@link #dropSession()}). */
    public int dropouts() {
        return call(() -> dropouts);
    }

    /** Payload bytes carried, and the pure airtime they took at the session bit rates (no turnarounds), in nanoseconds. */
    public long payloadBytesAired() {
        return call(() -> payloadBytesAired);
    }

    public long airNanos() {
        return call(() -> airNanos);
    }

    public long framesAired() {
        return call(() -> framesAired);
    }

    /** Data frames lost on the channel and repeated by the ARQ. */
    public long framesLost() {
        return call(() -> framesLost);
    }

    private <T> T call(java.util.concurrent.Callable<T> read) {
        try {
            return thread.submit(read).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("vara-air thread does not answer", e);
        }
    }

    /** {@code caller} dialled {@code dst} from {@code src}. Answers after {@link #CONNECT_MILLIS}, or fails after {@link #NO_ANSWER_MILLIS}. */
    void dial(VaraModemEmulator caller, String src, String dst, List<String> via) {
        execute(() -> {
            VaraModemEmulator callee = null;
            for (VaraModemEmulator m : modems) {
                if (m != caller && m.kind() == caller.kind() && m.answers(dst)) {
                    callee = m;
                }
            }
            if (session != null || callee == null) {
                String why = session != null ? "channel in use by another session" : "no station " + dst + " listening";
                later(NO_ANSWER_MILLIS, () -> caller.callFailed(why));
                return;
            }
            VaraModemEmulator answering = callee;
            String bandwidth = caller.kind() == VaraModemEmulator.Kind.HF ? caller.bandwidth() : answering.fmBandwidth();
            Session s = new Session(caller, answering, bitrate(caller.kind(), bandwidth),
                    caller.kind() == VaraModemEmulator.Kind.HF ? HF_ACK_MILLIS : FM_ACK_MILLIS);
            session = s;
            answering.pending();
            s.pendingStep = later(CONNECT_MILLIS, () -> {
                if (session != s) {
                    return;
                }
                if (!answering.answers(dst)) {
                    session = null;
                    answering.cancelPending(src);
                    caller.callFailed(dst + " stopped listening");
                    return;
                }
                s.up = true;
                sessions++;
                String line = "CONNECTED " + src + " " + dst + (via.isEmpty() ? "" : " VIA " + String.join(" ", via)) + " " + bandwidth;
                String bitrateLine = String.format(Locale.ROOT, "BITRATE (%d)  %d bps", levelFor(s.bitrate), s.bitrate);
                caller.connected(line, bitrateLine + " TX");
                answering.connected(line, bitrateLine + " RX");
                pump();
            });
        });
    }

    private static int levelFor(int bitrate) {
        return bitrate >= HF_2300_BITRATE ? 10 : bitrate >= HF_500_BITRATE ? 6 : 4;
    }

    /** {@code modem} has new bytes queued, or asked to disconnect once drained. */
    void dataQueued(VaraModemEmulator modem) {
        execute(this::pump);
    }

    /** {@code modem} cancels a call, aborts, or drops the session (LISTEN during a session): ends it at once. */
    void hangUp(VaraModemEmulator modem, String why) {
        execute(() -> {
            if (session != null && (session.caller == modem || session.callee == modem)) {
                endSession(modem, why);
            }
        });
    }

    /** Fades the current session out, as HF propagation does; both modems report DISCONNECTED. */
    public void dropSession() {
        execute(() -> {
            if (session != null && session.up) {
                dropouts++;
                endSession(null, "dropout");
            }
        });
    }

    /** Sets every modem's busy detector, as another station keying up on the frequency would. */
    public void setBusy(boolean busy) {
        execute(() -> modems.forEach(m -> m.busy(busy)));
    }

    private void endSession(VaraModemEmulator by, String why) {
        Session s = session;
        session = null;
        if (s.pendingStep != null) {
            s.pendingStep.cancel(false);
        }
        if (!s.up) {
            if (by != s.callee) {
                s.callee.cancelPending(s.caller.firstCall());
            }
            s.caller.callFailed(why);
            return;
        }
        s.caller.disconnected(why);
        s.callee.disconnected(why);
    }

    /** Airs the next frame if a session is up, no frame is on the air and someone has data; ends a drained session asked to close. */
    private void pump() {
        Session s = session;
        if (s == null || !s.up || s.frameInFlight) {
            return;
        }
        for (VaraModemEmulator closing : List.of(s.caller, s.callee)) {
            if (closing.wantsDisconnect() && closing.queued() == 0) {
                endSession(closing, "disconnect requested");
                return;
            }
        }
        VaraModemEmulator first = s.callerTurn ? s.caller : s.callee;
        VaraModemEmulator sender = first.queued() > 0 ? first : s.other(first).queued() > 0 ? s.other(first) : null;
        if (sender == null) {
            return;
        }
        s.callerTurn = sender != s.caller;
        int maxBytes = (int) Math.max(1, s.bitrate * FRAME_MILLIS / 8000);
        byte[] chunk = sender.peekQueued(maxBytes);
        long frameAirMillis = Math.max(1, chunk.length * 8000L / s.bitrate);
        s.frameInFlight = true;
        boolean lost = random.nextDouble() < conditions.frameLoss();
        boolean fade = random.nextDouble() < conditions.dropoutPerFrame();
        later(frameAirMillis + s.ackMillis, () -> {
            s.frameInFlight = false;
            if (session != s) {
                return;
            }
            if (fade) {
                dropouts++;
                endSession(null, "dropout");
                return;
            }
            if (lost) {
                framesLost++;
            } else {
                framesAired++;
                payloadBytesAired += chunk.length;
                airNanos += chunk.length * 8_000_000_000L / s.bitrate;
                s.other(sender).receive(chunk);
                sender.acknowledged(chunk.length);
            }
            pump();
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
