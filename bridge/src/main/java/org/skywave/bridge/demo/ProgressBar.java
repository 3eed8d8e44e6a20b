package org.skywave.bridge.demo;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for the demo: redrawn in place on a terminal, one line per step
 * otherwise (so a log or CI output stays readable).
 */
final class ProgressBar {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final int total;
    private final boolean terminal;
    private boolean drawn;
    private int lastDone = -1;
    private double lastSeconds;

    ProgressBar(PrintStream out, int total, boolean terminal) {
        this.out = out;
        this.total = total;
        this.terminal = terminal;
    }

    /** Redraws on a terminal; otherwise prints a line when a transaction arrived, or every 10 s. */
    synchronized void update(int done, long onAirBytes, double seconds) {
        if (!terminal && done == lastDone && seconds - lastSeconds < 10) {
            return;
        }
        lastDone = done;
        lastSeconds = seconds;
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d delivered, %,d bytes on air, %.1f s",
                "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, onAirBytes, seconds);
        if (terminal) {
            out.print("\r" + line);
        } else {
            out.println(line);
        }
        out.flush();
        drawn = true;
    }

    synchronized void finish() {
        if (terminal && drawn) {
            out.println();
        }
    }
}
