package org.skywave.transport.js8call;

import java.time.Duration;
import java.util.Locale;
import org.skywave.transport.LinkProfile;

/**
 * JS8Call's speeds (submodes, js8call.md section 9) and what Skywave gets through each.
 *
 * <p>The figures per frame come from JS8Call's framing: a data frame holds up to 71 bits of
 * JSC-coded text at Slow, Fast and Turbo, 69 at Normal (two bits flag the older Huffman frames).
 * Through {@link Js8TextCodec} that is {@link #PAYLOAD_BITS_PER_FRAME} bits of a Skywave frame,
 * measured with JS8Call's code tables on random 250-byte frames (docs/PROTOCOL.md section 4.4).
 * Every directed message starts with one frame naming sender and addressee (two when either
 * callsign does not fit the standard packing, such as {@code N0CALL}).
 */
public enum Js8Speed {
    SLOW(4, Duration.ofSeconds(30), 71),
    NORMAL(0, Duration.ofSeconds(15), 69),
    FAST(1, Duration.ofSeconds(10), 71),
    TURBO(2, Duration.ofSeconds(6), 71);

    /** Bits of binary payload per JS8 data frame through {@link Js8TextCodec} (measured, Fast/Turbo tables). */
    public static final double PAYLOAD_BITS_PER_FRAME = 50.0;
    /** Directed header frames counted per chunk for the profile: the worst case of two. */
    public static final int HEADER_FRAMES = 2;
    /** A Skywave frame should not hold the channel longer than this; the MTU follows from it. */
    public static final Duration MAX_FRAME_AIRTIME = Duration.ofMinutes(15);

    private final int id;
    private final Duration period;
    private final int dataBits;

    Js8Speed(int id, Duration period, int dataBits) {
        this.id = id;
        this.period = period;
        this.dataBits = dataBits;
    }

    /** JS8Call's SPEED / SubMode number. */
    public int id() {
        return id;
    }

    /** One frame's period: JS8Call transmits one frame per period, aligned to UTC. */
    public Duration period() {
        return period;
    }

    /** Text bits of one data frame. */
    public int dataBitsPerFrame() {
        return dataBits;
    }

    /** Average characters of {@link Js8TextCodec}'s alphabet per data frame (about 7.6 bits per character). */
    public double charsPerFrame() {
        return dataBits / 7.6;
    }

    /** Binary payload bits per second through the codec, not counting header frames. */
    public double effectiveBitrate() {
        return PAYLOAD_BITS_PER_FRAME * dataBits / 71.0 / (period.toMillis() / 1000.0);
    }

    /**
     * The link profile at this speed with chunks of {@code chunkBytes}: bitrate is the effective
     * one; each frame's overhead is one chunk's header and check plus its header frames in bytes;
     * the MTU is what fits {@link #MAX_FRAME_AIRTIME}, at most 16 chunks; half duplex, lossy,
     * turnaround one period (JS8Call starts transmitting at the next period boundary).
     */
    public LinkProfile profile(int chunkBytes) {
        double bytesPerFrame = PAYLOAD_BITS_PER_FRAME * dataBits / 71.0 / 8.0;
        int headerBytes = (int) Math.ceil(HEADER_FRAMES * bytesPerFrame);
        long framesInMax = MAX_FRAME_AIRTIME.toMillis() / period.toMillis();
        int mtu = (int) Math.min((long) Js8Chunk.MAX_CHUNKS * chunkBytes, (long) (framesInMax * bytesPerFrame));
        return new LinkProfile("js8-" + name().toLowerCase(Locale.ROOT), mtu, effectiveBitrate(), LinkProfile.Duplex.HALF,
                Js8ChunkCodec.DATA_OVERHEAD_BYTES + headerBytes, period, false, 1);
    }

    /** JS8Call's speed number as reported in MODE.SPEED. */
    public static Js8Speed fromId(int id) throws Js8FormatException {
        for (Js8Speed s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new Js8FormatException("JS8Call speed " + id + " unknown (0 normal, 1 fast, 2 turbo, 4 slow)");
    }

    /** The speed named {@code name} (slow, normal, fast, turbo), any case; null if none. */
    public static Js8Speed named(String name) {
        for (Js8Speed s : values()) {
            if (s.name().equalsIgnoreCase(name.strip())) {
                return s;
            }
        }
        return null;
    }
}
