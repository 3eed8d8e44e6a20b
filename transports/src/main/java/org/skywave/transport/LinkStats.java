package org.skywave.transport;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one link. Bytes on air include the link's own per-frame overhead (flags, FCS,
 * addresses, TX delay expressed in bytes) so that goodput can be compared with the bitrate.
 */
public final class LinkStats {

    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong payloadBytesSent = new AtomicLong();
    private final AtomicLong payloadBytesReceived = new AtomicLong();
    private final AtomicLong onAirBytes = new AtomicLong();
    private final AtomicLong malformedFrames = new AtomicLong();
    private final AtomicLong droppedFrames = new AtomicLong();

    public void frameSent(int payloadBytes, int overheadBytes) {
        framesSent.incrementAndGet();
        payloadBytesSent.addAndGet(payloadBytes);
        onAirBytes.addAndGet(payloadBytes + (long) overheadBytes);
    }

    public void frameReceived(int payloadBytes) {
        framesReceived.incrementAndGet();
        payloadBytesReceived.addAndGet(payloadBytes);
    }

    /** A frame that could not be decoded (bad escape, bad address, over-long). */
    public void malformedFrame() {
        malformedFrames.incrementAndGet();
    }

    /** A frame lost on purpose or by the medium (simulated loss, not for us, queue overflow). */
    public void droppedFrame() {
        droppedFrames.incrementAndGet();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    public long payloadBytesSent() {
        return payloadBytesSent.get();
    }

    public long payloadBytesReceived() {
        return payloadBytesReceived.get();
    }

    public long onAirBytes() {
        return onAirBytes.get();
    }

    public long malformedFrames() {
        return malformedFrames.get();
    }

    public long droppedFrames() {
        return droppedFrames.get();
    }

    @Override
    public String toString() {
        return "sent " + framesSent + " frames/" + onAirBytes + " B on air, received " + framesReceived
                + " frames, malformed " + malformedFrames + ", dropped " + droppedFrames;
    }
}
