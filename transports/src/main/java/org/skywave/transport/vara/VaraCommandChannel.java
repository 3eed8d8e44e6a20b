package org.skywave.transport.vara;

import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Commands to the modem, one at a time: each is written only after the one before it was
 * answered ({@code OK}, {@code WRONG}, or its own reply line for {@code VERSION} and
 * {@code CLEANTXBUFFER}) or timed out, because replies carry no tag and asynchronous lines
 * interleave freely (vara.md section 4, the node-vara scheme). Not thread-safe: one per modem
 * connection, used from the link's thread.
 */
final class VaraCommandChannel {

    private record Pending(String command, CompletableFuture<VaraReply> answer) {
    }

    private final Consumer<String> writer;
    private final long timeoutNanos;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private Pending outstanding;
    private long deadlineNanos;

    /**
     * @param writer  writes one command line to the command port (its CR is added there)
     * @param timeoutNanos how long a command may wait for its answer
     */
    VaraCommandChannel(Consumer<String> writer, long timeoutNanos) {
        this.writer = Objects.requireNonNull(writer, "writer");
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeoutNanos <= 0: " + timeoutNanos);
        }
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Queues {@code command}; the future completes with its answer ({@code WRONG} included: the
     * caller decides what a refusal means) or fails with a {@link VaraProtocolException} on timeout.
     */
    CompletableFuture<VaraReply> send(String command, long nowNanos) {
        if (command.indexOf('\r') >= 0 || command.indexOf('\n') >= 0 || command.isBlank()) {
            throw new IllegalArgumentException("VARA command must be one non-empty line: '" + command + "'");
        }
        Pending p = new Pending(command, new CompletableFuture<>());
        queue.add(p);
        writeNext(nowNanos);
        return p.answer;
    }

    /** Offers a line from the modem; true if it answered the outstanding command. */
    boolean answer(VaraReply reply, long nowNanos) {
        if (outstanding == null || !answers(outstanding.command, reply)) {
            return false;
        }
        Pending done = outstanding;
        outstanding = null;
        done.answer.complete(reply);
        writeNext(nowNanos);
        return true;
    }

    private static boolean answers(String command, VaraReply reply) {
        return switch (reply.kind()) {
            case OK -> !command.equals("VERSION") && !command.equals("CLEANTXBUFFER");
            case WRONG -> true;
            case VERSION -> command.equals("VERSION");
            case CLEANTXBUFFER -> command.equals("CLEANTXBUFFER");
            default -> false;
        };
    }

    /** The outstanding command if it has waited past its deadline, else null. */
    String timedOut(long nowNanos) {
        return outstanding != null && nowNanos - deadlineNanos > 0 ? outstanding.command : null;
    }

    /** True while a command waits to be written or answered. */
    boolean busy() {
        return outstanding != null || !queue.isEmpty();
    }

    /** Fails every queued and outstanding command, e.g. when the modem connection is lost. */
    void failAll(String reason) {
        if (outstanding != null) {
            outstanding.answer.completeExceptionally(new VaraProtocolException("VARA command '" + outstanding.command + "': " + reason));
            outstanding = null;
        }
        for (Pending p = queue.poll(); p != null; p = queue.poll()) {
            p.answer.completeExceptionally(new VaraProtocolException("VARA command '" + p.command + "': " + reason));
        }
    }

    private void writeNext(long nowNanos) {
        if (outstanding != null || queue.isEmpty()) {
            return;
        }
        outstanding = queue.poll();
        deadlineNanos = nowNanos + timeoutNanos;
        writer.accept(outstanding.command);
    }
}
