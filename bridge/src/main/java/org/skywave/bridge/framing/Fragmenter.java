package org.skywave.bridge.framing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns one encoded message into frames of at most {@code mtu} bytes for one link
 * ({@code docs/PROTOCOL.md}, section 2.2): compressed when that is strictly smaller, one
 * unfragmented frame when it fits, otherwise the fewest fragments that fit. Every frame of a
 * message carries the same hop count. Holds the sending station's message counter for the link,
 * so use one instance per link; {@link #frames} is safe to call from several threads.
 */
public final class Fragmenter {

    private final int mtu;
    private final FrameAuthenticator authenticator;
    private final boolean compression;
    private final Compressor compressor;
    private final AtomicInteger nextMessageNumber;

    /**
     * A fragmenter whose message numbers start at a random value, so a restarted station is unlikely
     * to reuse the numbers of its partial messages still held by a receiver.
     */
    public Fragmenter(int mtu, FrameAuthenticator authenticator, boolean compression) {
        this(mtu, authenticator, compression,
                ThreadLocalRandom.current().nextInt(FrameHeader.MESSAGE_NUMBER_MODULUS));
    }

    /** As above, with the first message number given (tests, reproducible runs). */
    public Fragmenter(int mtu, FrameAuthenticator authenticator, boolean compression, int firstMessageNumber) {
        Objects.requireNonNull(authenticator, "authenticator");
        if (authenticator.tagLength() < 0) {
            throw new IllegalArgumentException("authenticator tagLength < 0: " + authenticator.tagLength());
        }
        int minimum = minimumMtu(authenticator.tagLength());
        if (mtu < minimum) {
            throw new IllegalArgumentException("mtu " + mtu + " is below the minimum of " + minimum
                    + " bytes (largest fragment header " + FrameHeader.MAX_FRAGMENT_HEADER_BYTES + ", tag "
                    + authenticator.tagLength() + ", one payload byte)");
        }
        if (firstMessageNumber < 0 || firstMessageNumber >= FrameHeader.MESSAGE_NUMBER_MODULUS) {
            throw new IllegalArgumentException("firstMessageNumber not in 0..255: " + firstMessageNumber);
        }
        this.mtu = mtu;
        this.authenticator = authenticator;
        this.compression = compression;
        this.compressor = Compressor.standard();
        this.nextMessageNumber = new AtomicInteger(firstMessageNumber);
    }

    /** The smallest MTU that holds the largest fragment header (hop count included), the tag and one payload byte. */
    public static int minimumMtu(int tagLength) {
        return FrameHeader.MAX_FRAGMENT_HEADER_BYTES + tagLength + 1;
    }

    public int mtu() {
        return mtu;
    }

    /** Bytes an unfragmented frame not relayed adds to its payload: the header byte and the tag (a hop count adds one). */
    public int overheadUnfragmented() {
        return FrameHeader.UNFRAGMENTED_HEADER_BYTES + authenticator.tagLength();
    }

    /**
     * Bytes each fragment adds to its payload in a message of up to 127 fragments (one-byte index
     * and count) not relayed: header byte, message number, index, count and the tag (a hop count
     * adds one).
     */
    public int overheadPerFragment() {
        return FrameHeader.MIN_FRAGMENT_HEADER_BYTES + authenticator.tagLength();
    }

    /** The largest per-fragment overhead in a message of {@code fragmentCount} fragments not relayed. */
    public int overheadPerFragment(int fragmentCount) {
        return 2 + 2 * FrameHeader.varintLength(fragmentCount) + authenticator.tagLength();
    }

    /** The frames that carry {@code message}, not relayed (hop count 0): {@link #frames(byte[], int)}. */
    public List<byte[]> frames(byte[] message) {
        return frames(message, 0);
    }

    /**
     * The frames that carry {@code message}, in order, each at most {@link #mtu()} bytes, each with
     * hop count {@code hops} (written only when not 0).
     *
     * @throws IllegalArgumentException when the message is longer than
     *                                  {@link FrameHeader#MAX_MESSAGE_BYTES}, or needs more than
     *                                  {@link FrameHeader#MAX_FRAGMENT_COUNT} fragments at this MTU,
     *                                  or {@code hops} is not in 0..{@link FrameHeader#MAX_HOPS}
     */
    public List<byte[]> frames(byte[] message, int hops) {
        Objects.requireNonNull(message, "message");
        if (hops < 0 || hops > FrameHeader.MAX_HOPS) {
            throw new IllegalArgumentException("hops not in 0.." + FrameHeader.MAX_HOPS + ": " + hops);
        }
        if (message.length > FrameHeader.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + message.length + " bytes exceeds the limit of "
                    + FrameHeader.MAX_MESSAGE_BYTES + " bytes a frame header can announce");
        }
        byte[] payload = message;
        boolean compressed = false;
        if (compression) {
            Optional<byte[]> smaller = compressor.compress(message);
            if (smaller.isPresent()) {
                payload = smaller.get();
                compressed = true;
            }
        }
        int tagLength = authenticator.tagLength();
        boolean authenticated = tagLength > 0;
        int hopsBytes = hops > 0 ? FrameHeader.HOPS_BYTES : 0;
        if (FrameHeader.UNFRAGMENTED_HEADER_BYTES + hopsBytes + payload.length + tagLength <= mtu) {
            FrameHeader header = FrameHeader.unfragmented(compressed, authenticated).withHops(hops);
            return List.of(frame(header, payload, 0, payload.length));
        }
        int count = fragmentCount(payload.length, hopsBytes);
        if (count > FrameHeader.MAX_FRAGMENT_COUNT) {
            throw new IllegalArgumentException("message of " + message.length + " bytes needs " + count
                    + " fragments at mtu " + mtu + "; a frame header can announce at most "
                    + FrameHeader.MAX_FRAGMENT_COUNT);
        }
        int messageNumber = nextMessageNumber.getAndUpdate(n -> (n + 1) % FrameHeader.MESSAGE_NUMBER_MODULUS);
        List<byte[]> frames = new ArrayList<>(count);
        int offset = 0;
        for (int index = 0; index < count; index++) {
            FrameHeader header = FrameHeader.fragment(compressed, authenticated, messageNumber, index, count).withHops(hops);
            int length = Math.min(mtu - header.encodedLength() - tagLength, payload.length - offset);
            frames.add(frame(header, payload, offset, length));
            offset += length;
        }
        return frames;
    }

    /**
     * The fewest fragments whose capacities add up to {@code payloadLength}. Capacity shrinks as
     * index and count need longer varints, so search upwards from the bound where every varint is
     * one byte. The returned count leaves at least one byte for the last fragment, since the same
     * payload did not fit in one fragment fewer.
     */
    private int fragmentCount(int payloadLength, int hopsBytes) {
        int base = mtu - 2 - hopsBytes - authenticator.tagLength();
        int count = Math.max(2, ceilDiv(payloadLength, base - 2));
        while (capacity(count, base) < payloadLength) {
            count++;
        }
        return count;
    }

    /** Payload bytes {@code count} fragments hold: each gives base minus the lengths of its index and count. */
    private static long capacity(int count, int base) {
        if (count > FrameHeader.MAX_FRAGMENT_COUNT) {
            return Long.MAX_VALUE;
        }
        int countLength = FrameHeader.varintLength(count);
        long oneByteIndexes = Math.min(count, 0x80);
        long twoByteIndexes = Math.max(0, Math.min(count, 0x4000) - 0x80);
        long threeByteIndexes = Math.max(0, count - 0x4000);
        long indexBytes = oneByteIndexes + 2 * twoByteIndexes + 3 * threeByteIndexes;
        return (long) count * (base - countLength) - indexBytes;
    }

    private byte[] frame(FrameHeader header, byte[] payload, int offset, int length) {
        int tagLength = authenticator.tagLength();
        byte[] frame = new byte[header.encodedLength() + length + tagLength];
        int at = header.writeTo(frame, 0);
        System.arraycopy(payload, offset, frame, at, length);
        if (tagLength > 0) {
            byte[] tag = authenticator.tag(frame, 0, at + length);
            if (tag.length != tagLength) {
                throw new IllegalStateException("authenticator returned a tag of " + tag.length
                        + " bytes, declared " + tagLength);
            }
            System.arraycopy(tag, 0, frame, at + length, tagLength);
        }
        return frame;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public String toString() {
        return "Fragmenter[mtu=" + mtu + ", tag=" + authenticator.tagLength() + ", compression=" + compression + "]";
    }
}
