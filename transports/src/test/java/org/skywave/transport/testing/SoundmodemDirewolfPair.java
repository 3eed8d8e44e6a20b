package org.skywave.transport.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.skywave.transport.ax25.Callsign;

/**
 * Station A on soundmodem, a plain KISS TNC that answers no Direwolf query, and station B on
 * Direwolf, joined by the PulseAudio null sinks of {@link DirewolfPair}: the same software audio
 * path, with a different TNC at one end. B's first transmission after a start is clipped, so B
 * sends warm-up frames before the pair is handed out.
 */
public final class SoundmodemDirewolfPair implements AutoCloseable {

    public static final Callsign CALL_A = DirewolfPair.CALL_A;
    public static final Callsign CALL_B = DirewolfPair.CALL_B;

    private final PulseAudioServer pulse;
    private final SoundmodemProcess a;
    private final DirewolfProcess b;

    private SoundmodemDirewolfPair(PulseAudioServer pulse, SoundmodemProcess a, DirewolfProcess b) {
        this.pulse = pulse;
        this.a = a;
        this.b = b;
    }

    /** A 1200-baud pair; Direwolf's KISS port on a free loopback port, working files under {@code dir}. */
    public static SoundmodemDirewolfPair start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int[] ports = DirewolfPair.freePorts(2);
        PulseAudioServer pulse = PulseAudioServer.start(dir.resolve("pulse"));
        SoundmodemProcess a = null;
        DirewolfProcess b = null;
        try {
            a = new SoundmodemProcess("A", dir.resolve("sm-A"), pulse, "radioA", "radioB.monitor");
            b = new DirewolfProcess("B", CALL_B, dir.resolve("dw-B"), pulse, "radioB", "radioA.monitor", ports[0], ports[1], 1200);
            a.start();
            b.start();
            b.sendWarmUp();
            return new SoundmodemDirewolfPair(pulse, a, b);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.stop();
            }
            pulse.close();
            throw e;
        }
    }

    /** Station A, N0CALL-1, on soundmodem. */
    public SoundmodemProcess a() {
        return a;
    }

    /** Station B, N0CALL-2, on Direwolf. */
    public DirewolfProcess b() {
        return b;
    }

    @Override
    public void close() {
        try {
            a.close();
            b.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pulse.close();
        }
    }

    @Override
    public String toString() {
        return "SoundmodemDirewolfPair[" + a + ", " + b + "]";
    }
}
