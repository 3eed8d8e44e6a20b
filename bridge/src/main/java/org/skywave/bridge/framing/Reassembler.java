package org.skywave.bridge.framing;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.skywave.transport.ByteDump;
import org.skywave.transport.FrameTooLongException;
import org.skywave.transport.MalformedFrameException;

/**
 * Turns the frames one link receives back into whole messages ({@code docs/PROTOCOL.md}, section
 * 2.5), each with the hop count its frames carried. Fragments may arrive in any order, more than
 * once, and interleaved between messages and senders. Every fragment of a message should carry the
 * same hop count; if they differ, the message gets the highest, so that a relay cannot make a
 * message look younger than it is and let it circle longer. Everything it holds is bounded by {@link ReassemblerLimits}: message size,
 * partial messages per sender and in total (oldest evicted first), memory, and a timeout after
 * which a partial message that receives nothing more is dropped.
 *
 * <p>Message numbers are one byte and wrap. A sender numbers its fragmented messages in
 * sequence, so when a fragment of message n arrives, the sender's partial messages whose number
 * is {@value #SUPERSEDE_DISTANCE} or more away from n, in either direction around the circle of
 * 256, are dropped as superseded: a number is never held across a wrap, and a restarted sender
 * that starts elsewhere on the circle clears its old partials. Messages up to 63 numbers apart
 * may still arrive interleaved. Fragments that arrive again under the number of a message just
 * completed are collected again: a sender whose ACK was lost re-sends the whole message, maybe
 * under the same number, and must get its ACK, so a complete re-send is delivered again (the
 * station's seen-set makes that an acknowledgement only); stray copies expire with the timeout.
 *
 * <p>One instance per link. Methods are synchronized, so the link's receive thread may feed it
 * while another thread reads {@link #stats()}.
 */
public final class Reassembler {

    /**
     * Memory charged per held fragment beyond its payload: a hash map node, a boxed index and an
     * array header on a 64-bit JVM. Counting it keeps a flood of one-byte fragments within the cap.
     */
    public static final int FRAGMENT_BOOKKEEPING_BYTES = 80;
    /** Memory charged per partial message: its object, map and key entries. */
    public static final int MESSAGE_BOOKKEEPING_BYTES = 256;

    /**
     * A sender's partial message this many numbers or more away from the one arriving is stale: a
     * quarter of the number circle, far more than the messages a sender has in flight at once
     * (at most {@link ReassemblerLimits#maxPendingPerSender()} are held), far less than a wrap.
     */
    static final int SUPERSEDE_DISTANCE = FrameHeader.MESSAGE_NUMBER_MODULUS / 4;

    private final ReassemblerLimits limits;
    private final FrameAuthenticator authenticator;
    private final LongSupplier nanoClock;
    private final Compressor compressor = Compressor.standard();
    private long timeoutNanos;
    private final int maxFrameBytes;
    private final int maxRecent;

    /** Oldest first: insertion order is creation order. */
    private final LinkedHashMap<Key, Partial> partials = new LinkedHashMap<>();
    private final Map<Object, Integer> pendingPerSender = new HashMap<>();
    /** Recently completed fragmented messages, oldest first, by sender and number. */
    private final LinkedHashMap<Key, Completed> recent = new LinkedHashMap<>();
    private long pendingBytes;

    private long completed;
    private long expired;
    private long evicted;
    private long superseded;
    private long duplicates;
    private long malformed;

    /**
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime}, or a virtual clock in tests)
     */
    public Reassembler(ReassemblerLimits limits, FrameAuthenticator authenticator, LongSupplier nanoClock) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        if (authenticator.tagLength() < 0) {
            throw new IllegalArgumentException("authenticator tagLength < 0: " + authenticator.tagLength());
        }
        this.timeoutNanos = limits.timeout().toNanos();
        // An unfragmented frame carries at most a whole message, so no valid frame is longer than this.
        this.maxFrameBytes = (int) Math.min(Integer.MAX_VALUE - 8,
                (long) limits.maxMessageBytes() + FrameHeader.MAX_FRAGMENT_HEADER_BYTES + authenticator.tagLength());
        this.maxRecent = 4 * limits.maxPendingTotal();
    }

    /**
     * {@link #reassemble} for receivers that do not relay: the message bytes only, without the hop
     * count.
     */
    public Optional<byte[]> accept(Object senderKey, byte[] frame) throws MalformedFrameException {
        return reassemble(senderKey, frame).map(ReassembledMessage::message);
    }

    /**
     * Takes one frame from {@code senderKey} (anything with equals and hashCode that identifies the
     * sending station on this link, such as its address).
     *
     * @return the whole message, decompressed, with its hop count, when this frame completes it
     * @throws MalformedFrameException when the frame is invalid or contradicts the fragments held
     *                                 for its message (which are then dropped); subclass
     *                                 {@link FrameTooLongException} for sizes past the limits
     */
    public synchronized Optional<ReassembledMessage> reassemble(Object senderKey, byte[] frame)
            throws MalformedFrameException {
        Objects.requireNonNull(senderKey, "senderKey");
        Objects.requireNonNull(frame, "frame");
        long now = nanoClock.getAsLong();
        expire(now);
        try {
            return acceptChecked(senderKey, frame, now);
        } catch (MalformedFrameException e) {
            malformed++;
            throw e;
        }
    }

    /** Drops partial messages that have timed out; returns how many. */
    public synchronized int expire() {
        return expire(nanoClock.getAsLong());
    }

    /** Memory held by partial messages: payload bytes plus the bookkeeping charges above. */
    public synchronized long pendingBytes() {
        return pendingBytes;
    }

    public synchronized int pendingMessages() {
        return partials.size();
    }

    public synchronized ReassemblerStats stats() {
        return new ReassemblerStats(completed, expired, evicted, superseded, duplicates, malformed,
                partials.size(), pendingBytes);
    }

    /**
     * Applies {@code timeout} from now on, to the messages being reassembled as well: the link's
     * bitrate changed (a modem changed speed level), and a slower link needs longer for the rest.
     */
    public synchronized void changeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout <= 0: " + timeout);
        }
        timeoutNanos = timeout.toNanos();
    }

    public ReassemblerLimits limits() {
        return limits;
    }

    private Optional<ReassembledMessage> acceptChecked(Object sender, byte[] frame, long now) throws MalformedFrameException {
        int tagLength = authenticator.tagLength();
        if (frame.length > maxFrameBytes) {
            throw new FrameTooLongException("frame of " + frame.length + " bytes exceeds the limit of "
                    + maxFrameBytes + " (largest message, header and tag); " + ByteDump.preview(frame));
        }
        if (frame.length < FrameHeader.UNFRAGMENTED_HEADER_BYTES + tagLength) {
            throw new MalformedFrameException("frame of " + frame.length + " bytes is shorter than a header byte and a "
                    + tagLength + "-byte tag; " + ByteDump.preview(frame));
        }
        int coveredLength = frame.length - tagLength;
        FrameHeader header = FrameHeader.decode(frame, coveredLength);
        if (header.authenticated() != (tagLength > 0)) {
            throw new MalformedFrameException(header.authenticated()
                    ? "frame has the AUTHENTICATED flag but this link has no authenticator; " + ByteDump.preview(frame)
                    : "frame lacks the AUTHENTICATED flag this link requires; " + ByteDump.preview(frame));
        }
        if (tagLength > 0 && !authenticator.verify(frame, 0, coveredLength, frame, coveredLength)) {
            throw new MalformedFrameException("authentication tag of " + tagLength + " bytes does not match; "
                    + ByteDump.preview(frame));
        }
        int payloadOffset = header.encodedLength();
        int payloadLength = coveredLength - payloadOffset;
        if (!header.fragment()) {
            byte[] payload = Arrays.copyOfRange(frame, payloadOffset, coveredLength);
            byte[] message = finish(payload, header.compressed());
            completed++;
            return Optional.of(ReassembledMessage.owning(message, header.hops()));
        }
        return acceptFragment(sender, header, frame, payloadOffset, payloadLength, now);
    }

    private Optional<ReassembledMessage> acceptFragment(Object sender, FrameHeader header, byte[] frame, int payloadOffset,
                                            int payloadLength, long now) throws MalformedFrameException {
        int count = header.fragmentCount();
        int index = header.fragmentIndex();
        if (payloadLength < 1) {
            throw new MalformedFrameException("fragment " + index + "/" + count + " of message " + header.messageNumber()
                    + " carries no payload; " + ByteDump.preview(frame));
        }
        if (count > limits.maxMessageBytes()) {
            throw new FrameTooLongException("fragment count " + count + " exceeds the message limit of "
                    + limits.maxMessageBytes() + " bytes (each fragment carries at least one); " + ByteDump.preview(frame));
        }
        Key key = new Key(sender, header.messageNumber());
        dropSuperseded(key);

        Completed done = recent.get(key);
        Partial partial = partials.get(key);
        if (done != null && partial == null) {
            if (done.count() == count && done.compressed() == header.compressed()) {
                // A late copy, or the sender re-sending the whole message under the same number because
                // our ACK was lost: collected again, so that a complete re-send is delivered (and
                // acknowledged) again, while stray copies expire with the timeout.
                duplicates++;
            } else {
                recent.remove(key); // a different message under a reused number
            }
        }

        if (partial != null) {
            if (partial.count != count || partial.compressed != header.compressed()) {
                drop(partial);
                throw new MalformedFrameException("fragment " + index + "/" + count + (header.compressed() ? " compressed" : "")
                        + " contradicts message " + key.number() + " held as " + partial.count + " fragments"
                        + (partial.compressed ? " compressed" : "") + "; partial message dropped; " + ByteDump.preview(frame));
            }
            if (partial.fragments.containsKey(index)) {
                duplicates++;
                partial.lastNanos = now;
                partial.hops = Math.max(partial.hops, header.hops());
                return Optional.empty();
            }
            if (partial.receivedBytes + payloadLength > limits.maxMessageBytes()) {
                drop(partial);
                throw new FrameTooLongException("message " + key.number() + " exceeds the limit of "
                        + limits.maxMessageBytes() + " bytes (" + (partial.receivedBytes + payloadLength)
                        + " received by fragment " + index + "/" + count + "); partial message dropped");
            }
        } else {
            partial = open(key, count, header.compressed(), now);
        }

        long charge = payloadLength + FRAGMENT_BOOKKEEPING_BYTES;
        while (pendingBytes + charge > limits.maxPendingBytes() && !partials.isEmpty()) {
            Partial oldest = partials.values().iterator().next();
            drop(oldest);
            evicted++;
            if (oldest == partial) {
                return Optional.empty();
            }
        }
        partial.fragments.put(index, Arrays.copyOfRange(frame, payloadOffset, payloadOffset + payloadLength));
        partial.hops = Math.max(partial.hops, header.hops());
        partial.receivedBytes += payloadLength;
        partial.charge += charge;
        partial.lastNanos = now;
        pendingBytes += charge;
        if (partial.fragments.size() < count) {
            return Optional.empty();
        }

        drop(partial);
        remember(key, new Completed(count, partial.compressed, now));
        byte[] payload = new byte[(int) partial.receivedBytes];
        int at = 0;
        for (int i = 0; i < count; i++) {
            byte[] part = partial.fragments.get(i);
            System.arraycopy(part, 0, payload, at, part.length);
            at += part.length;
        }
        byte[] message = finish(payload, partial.compressed);
        completed++;
        return Optional.of(ReassembledMessage.owning(message, partial.hops));
    }

    private Partial open(Key key, int count, boolean compressed, long now) {
        if (pendingPerSender.getOrDefault(key.sender(), 0) >= limits.maxPendingPerSender()) {
            for (Partial p : partials.values()) {
                if (p.key.sender().equals(key.sender())) {
                    drop(p);
                    evicted++;
                    break;
                }
            }
        }
        if (partials.size() >= limits.maxPendingTotal()) {
            drop(partials.values().iterator().next());
            evicted++;
        }
        Partial partial = new Partial(key, count, compressed, now);
        partials.put(key, partial);
        pendingPerSender.merge(key.sender(), 1, Integer::sum);
        pendingBytes += partial.charge;
        return partial;
    }

    private byte[] finish(byte[] payload, boolean compressed) throws MalformedFrameException {
        if (compressed) {
            return compressor.decompress(payload, limits.maxMessageBytes());
        }
        if (payload.length > limits.maxMessageBytes()) {
            throw new FrameTooLongException("message of " + payload.length + " bytes exceeds the limit of "
                    + limits.maxMessageBytes());
        }
        return payload;
    }

    /** Drops the sender's partial and completed messages too far from the arriving number: from before a wrap, or a restart. */
    private void dropSuperseded(Key arriving) {
        for (Iterator<Partial> it = partials.values().iterator(); it.hasNext(); ) {
            Partial p = it.next();
            if (p.key.sender().equals(arriving.sender()) && isStale(p.key.number(), arriving.number())) {
                it.remove();
                forget(p);
                superseded++;
            }
        }
        recent.keySet().removeIf(k -> k.sender().equals(arriving.sender()) && isStale(k.number(), arriving.number()));
    }

    /** Whether {@code number} is at least {@link #SUPERSEDE_DISTANCE} from {@code arriving} around the circle. */
    private static boolean isStale(int number, int arriving) {
        int distance = Math.floorMod(arriving - number, FrameHeader.MESSAGE_NUMBER_MODULUS);
        return Math.min(distance, FrameHeader.MESSAGE_NUMBER_MODULUS - distance) >= SUPERSEDE_DISTANCE;
    }

    private int expire(long now) {
        int dropped = 0;
        for (Iterator<Partial> it = partials.values().iterator(); it.hasNext(); ) {
            Partial p = it.next();
            if (now - p.lastNanos >= timeoutNanos) {
                it.remove();
                forget(p);
                dropped++;
            }
        }
        expired += dropped;
        recent.values().removeIf(c -> now - c.atNanos() >= timeoutNanos);
        return dropped;
    }

    private void remember(Key key, Completed done) {
        recent.remove(key);
        recent.put(key, done);
        if (recent.size() > maxRecent) {
            Iterator<Completed> oldest = recent.values().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    private void drop(Partial partial) {
        partials.remove(partial.key);
        forget(partial);
    }

    /** Releases the accounting of a partial already removed from {@link #partials}. */
    private void forget(Partial partial) {
        pendingBytes -= partial.charge;
        pendingPerSender.computeIfPresent(partial.key.sender(), (s, n) -> n == 1 ? null : n - 1);
    }

    @Override
    public synchronized String toString() {
        return "Reassembler[pending=" + partials.size() + ", pendingBytes=" + pendingBytes + "]";
    }

    private record Key(Object sender, int number) {
    }

    private record Completed(int count, boolean compressed, long atNanos) {
    }

    private static final class Partial {
        final Key key;
        final int count;
        final boolean compressed;
        final Map<Integer, byte[]> fragments = new HashMap<>();
        long receivedBytes;
        /** The highest hop count among the fragments held. */
        int hops;
        long charge = MESSAGE_BOOKKEEPING_BYTES;
        long lastNanos;

        Partial(Key key, int count, boolean compressed, long now) {
            this.key = key;
            this.count = count;
            this.compressed = compressed;
            this.lastNanos = now;
        }
    }
}
