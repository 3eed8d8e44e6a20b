package org.skywave.transport.support;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.tinylog.Logger;

/** Hands work to the one thread a link (or its modem client) runs on. */
public final class LinkTasks {

    private LinkTasks() {
    }

    /**
     * Runs {@code task} on {@code executor}. A task that throws is logged as
     * "WHO: unexpected error WHERE" and does not stop the thread; once the executor is shut down
     * (the link closed) the task is dropped, as events after close are of no interest.
     *
     * @param who names the link in the log line, asked only when a task fails
     * @param where says which thread, e.g. "on the link thread"
     */
    public static void post(Executor executor, Supplier<?> who, String where, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    Logger.error(e, "{}: unexpected error {}", who.get(), where);
                }
            });
        } catch (RejectedExecutionException closed) {
            // Closed: nothing to do.
        }
    }
}
