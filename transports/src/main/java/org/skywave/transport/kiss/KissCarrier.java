package org.skywave.transport.kiss;

import java.util.concurrent.CompletableFuture;
import org.skywave.transport.MalformedFrameException;

/**
 * The byte pipe between a {@link KissLink} and its TNC: a TCP connection or a serial port. It
 * connects, reconnects on its own after a loss, and reports what happens; the link above it
 * holds all the KISS/AX.25 logic.
 */
interface KissCarrier {

    /** What a carrier reports; called from the carrier's own threads. */
    interface Events {
        void connected(String detail);

        void frame(KissFrame frame);

        void malformed(MalformedFrameException error);

        /** Lost, or could not connect; the carrier retries by itself. */
        void disconnected(String reason);
    }

    /** Starts connecting; from now on the carrier keeps trying until closed. */
    void start(Events events);

    /** Writes one frame; completes when it was handed to the TNC, fails if not connected. */
    CompletableFuture<Void> write(KissFrame frame);

    /** Where the TNC is, for messages: {@code 127.0.0.1:8001}, {@code /dev/ttyUSB0}. */
    String describe();

    /** Stops for good. Idempotent. */
    void close();
}
