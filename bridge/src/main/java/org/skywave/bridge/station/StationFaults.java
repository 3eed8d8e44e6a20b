package org.skywave.bridge.station;

import java.util.concurrent.atomic.AtomicLong;
import org.skywave.bridge.message.MessageId;
import org.tinylog.Logger;

/**
 * The station thread's boundary: a task (a frame in, a pump, a timer) that throws something
 * nobody foresaw is logged with the link and message it was working on, counted for
 * {@code /metrics}, and the thread goes on with its next task. Without it one bug in a handler
 * would stop the pump timer or, on a real thread, vanish into a future nobody reads.
 *
 * <p>Handlers say what they work on with {@link #workingOn}; the boundary forgets it after each task.
 */
public final class StationFaults {

    private final String station;
    private final AtomicLong count = new AtomicLong();
    // Written and read on the station thread only.
    private String link;
    private MessageId messageId;

    StationFaults(String station) {
        this.station = station;
    }

    /** Notes the link and message (either may be null) the current task handles, for the log if it fails. */
    public void workingOn(String linkName, MessageId id) {
        this.link = linkName;
        this.messageId = id;
    }

    /** Unexpected exceptions caught at the boundary since the station started; any thread. */
    public long count() {
        return count.get();
    }

    /** {@code task} run inside the boundary. */
    Runnable guard(Runnable task) {
        return () -> run(task);
    }

    private void run(Runnable task) {
        workingOn(null, null);
        try {
            task.run();
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Errors such as OutOfMemoryError are left to kill the process: carrying on would not be safe.
            count.incrementAndGet();
            Logger.error(e, "station {}: unexpected {} on the station thread (link {}, message {}); carrying on",
                    station, e.getClass().getSimpleName(), link == null ? "-" : link,
                    messageId == null ? "-" : messageId.shortHex());
        } finally {
            workingOn(null, null);
        }
    }
}
