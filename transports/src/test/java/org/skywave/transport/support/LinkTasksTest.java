package org.skywave.transport.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LinkTasksTest {

    @Test
    void aFailingTaskIsLoggedAndTheThreadRunsTheNextOnes() throws InterruptedException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> askedWho = new CopyOnWriteArrayList<>();
        LinkTasks.post(executor, () -> "link-a", "on the link thread", () -> ran.add("first"));
        LinkTasks.post(executor, () -> {
            askedWho.add("asked");
            return "link-a";
        }, "on the link thread", () -> {
            throw new IllegalStateException("boom");
        });
        LinkTasks.post(executor, () -> "link-a", "on the link thread", () -> ran.add("third"));
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "third"), ran);
        assertEquals(List.of("asked"), askedWho, "the name is asked only for the failure's log line");
    }

    @Test
    void aTaskAfterShutdownIsDroppedWithoutError() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
        List<String> ran = new CopyOnWriteArrayList<>();
        assertDoesNotThrow(() -> LinkTasks.post(executor, () -> "link-a", "on the link thread", () -> ran.add("late")));
        assertEquals(List.of(), ran);
    }
}
