package org.skywave.bridge.compact;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.skywave.bridge.message.MalformedMessageException;

/**
 * Bitcoin block headers in chain order without what the receiver can derive
 * ({@code docs/PROTOCOL.md} section 7.3): the previous block's hash when it is the hash of the
 * header before, a version seen among the last seven distinct ones as a 3-bit index, difficulty
 * bits equal to the previous header's as nothing, the time as a signed difference. What is left of
 * a header in a chain is its merkle root, nonce and a few bytes: 39 of its 80 bytes.
 */
public final class HeaderChain {

    static final int HEADER_BYTES = RawBlock.HEADER_BYTES;
    static final int VERSION_MASK = 0x07;
    static final int PREV_HASH = 0x08;
    static final int BITS = 0x10;
    static final int TIME_ABSOLUTE = 0x20;
    private static final int RESERVED = 0xc0;
    /** Distinct versions a header may refer back to: what the 3-bit index can name after 0 (explicit). */
    static final int RECENT_VERSIONS = 7;

    private HeaderChain() {
    }

    /** The compact form of {@code headers}, each 80 bytes, in chain order. */
    public static byte[] encode(List<byte[]> headers) {
        CompactWriter out = new CompactWriter(40 * headers.size() + 4);
        out.varint(headers.size());
        List<Long> recent = new ArrayList<>();
        byte[] previous = null;
        for (byte[] h : headers) {
            if (h.length != HEADER_BYTES) {
                throw new IllegalArgumentException("a header is " + HEADER_BYTES + " bytes, got " + h.length);
            }
            long version = le32(h, 0);
            long time = le32(h, 68);
            long bits = le32(h, 72);
            int index = recent.indexOf(version);
            boolean prevDerived = previous != null && Arrays.equals(blockHash(previous), Arrays.copyOfRange(h, 4, 36));
            boolean sameBits = previous != null && le32(previous, 72) == bits;
            int flags = (index >= 0 ? index + 1 : 0) | (prevDerived ? 0 : PREV_HASH) | (sameBits ? 0 : BITS)
                    | (previous == null ? TIME_ABSOLUTE : 0);
            out.u8(flags);
            if (index < 0) {
                out.bytes(h, 0, 4);
            }
            if (!prevDerived) {
                out.bytes(h, 4, 32);
            }
            out.bytes(h, 36, 32);
            if (previous == null) {
                out.bytes(h, 68, 4);
            } else {
                out.varint(zigzag(time - le32(previous, 68)));
            }
            if (!sameBits) {
                out.bytes(h, 72, 4);
            }
            out.bytes(h, 76, 4);
            remember(recent, version);
            previous = h;
        }
        return out.toByteArray();
    }

    /** The headers {@code compact} stands for; at most {@code maxHeaders} of them. */
    public static List<byte[]> decode(byte[] compact, int maxHeaders) throws MalformedMessageException {
        CompactReader in = new CompactReader(compact, 0, "compact header chain");
        // Each header takes at least 38 bytes: flags, merkle root, a one-byte time difference, nonce.
        int count = in.count("header count", 38);
        if (count > maxHeaders) {
            throw in.fail("header count " + count + " exceeds the limit of " + maxHeaders, 0);
        }
        List<byte[]> headers = new ArrayList<>(count);
        List<Long> recent = new ArrayList<>();
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            String field = "header " + i;
            int at = in.position();
            int flags = in.u8(field + " flags");
            if ((flags & RESERVED) != 0) {
                throw in.fail(field + ": reserved flag bits in 0x" + Integer.toHexString(flags), at);
            }
            if (previous == null && ((flags & (PREV_HASH | BITS | TIME_ABSOLUTE)) != (PREV_HASH | BITS | TIME_ABSOLUTE)
                    || (flags & VERSION_MASK) != 0)) {
                throw in.fail(field + ": the first header must carry its version, previous hash, time and bits", at);
            }
            if (previous != null && (flags & TIME_ABSOLUTE) != 0) {
                throw in.fail(field + ": only the first header carries an absolute time", at);
            }
            byte[] h = new byte[HEADER_BYTES];
            int versionIndex = flags & VERSION_MASK;
            if (versionIndex == 0) {
                System.arraycopy(in.bytes(4, field + " version"), 0, h, 0, 4);
            } else if (versionIndex > recent.size()) {
                throw in.fail(field + ": version index " + versionIndex + " but only " + recent.size()
                        + " versions seen", at);
            } else {
                putLe32(h, 0, recent.get(versionIndex - 1));
            }
            byte[] prev = (flags & PREV_HASH) != 0 ? in.bytes(32, field + " previous hash") : blockHash(previous);
            System.arraycopy(prev, 0, h, 4, 32);
            System.arraycopy(in.bytes(32, field + " merkle root"), 0, h, 36, 32);
            if (previous == null) {
                System.arraycopy(in.bytes(4, field + " time"), 0, h, 68, 4);
            } else {
                long delta = unzigzag(in.varint(field + " time difference", 0x1_ffff_ffffL));
                long time = le32(previous, 68) + delta;
                if (time < 0 || time > 0xffff_ffffL) {
                    throw in.fail(field + ": time " + time + " outside 0..2^32-1", at);
                }
                putLe32(h, 68, time);
            }
            if ((flags & BITS) != 0) {
                System.arraycopy(in.bytes(4, field + " bits"), 0, h, 72, 4);
            } else {
                System.arraycopy(previous, 72, h, 72, 4);
            }
            System.arraycopy(in.bytes(4, field + " nonce"), 0, h, 76, 4);
            remember(recent, le32(h, 0));
            headers.add(h);
            previous = h;
        }
        if (in.remaining() != 0) {
            throw in.fail(in.remaining() + " bytes after the last header", in.position());
        }
        return headers;
    }

    /** Moves {@code version} to the front of the most-recent-first list of distinct versions. */
    private static void remember(List<Long> recent, long version) {
        recent.remove(version);
        recent.add(0, version);
        if (recent.size() > RECENT_VERSIONS) {
            recent.remove(RECENT_VERSIONS);
        }
    }

    /** The block hash of an 80-byte header: double SHA-256, internal byte order. */
    static byte[] blockHash(byte[] header) {
        return PublicKeys.sha256(PublicKeys.sha256(header));
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static long le32(byte[] b, int at) {
        return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
    }

    private static void putLe32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }
}
