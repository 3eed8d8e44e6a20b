package org.skywave.transport.kiss;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.skywave.transport.InboundFrame;
import org.skywave.transport.Link;
import org.skywave.transport.LinkListener;
import org.skywave.transport.LinkState;

/** Records what a link reports, with bounded waits for the integration tests. */
final class LinkRecorder implements LinkListener {

    final BlockingQueue<InboundFrame> frames = new LinkedBlockingQueue<>();
    final List<LinkState> states = new CopyOnWriteArrayList<>();
    final List<String> details = new CopyOnWriteArrayList<>();

    @Override
    public void onFrame(InboundFrame frame) {
        frames.add(frame);
    }

    @Override
    public void onStateChanged(LinkState state, String detail) {
        states.add(state);
        details.add(state + ": " + detail);
    }

    InboundFrame next(long seconds) throws InterruptedException {
        InboundFrame f = frames.poll(seconds, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame in " + seconds + " s; states " + details);
        }
        return f;
    }

    /** Index of the first {@code state} reported at or after {@code from}, waiting up to {@code seconds}. */
    int awaitState(LinkState state, int from, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            for (int i = from; i < states.size(); i++) {
                if (states.get(i) == state) {
                    return i;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + state + " in " + seconds + " s; states " + details);
            }
            Thread.sleep(20);
        }
    }

    static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    static void awaitWritable(Link link, long seconds) throws InterruptedException {
        await(link::isWritable, seconds, "link " + link.uri() + " to become writable (" + link + ")");
    }
}
