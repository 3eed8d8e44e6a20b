package org.skywave.bridge.message;

import org.skywave.transport.ByteDump;

/**
 * The CBOR subset messages are written in, checked in one pass over the input before any value is
 * read: definite lengths only, no tags, no floats or simple values, unsigned integer map keys,
 * nesting at most {@link MessageLimits#MAX_NESTING_DEPTH}, exactly one item and no trailing bytes.
 * Every declared length and count is checked against the bytes that remain, so nothing later
 * allocates more than the input holds. It allocates nothing itself but a few small arrays.
 */
final class CborSubset {

    static final int MAJOR_UNSIGNED = 0;
    static final int MAJOR_NEGATIVE = 1;
    static final int MAJOR_BYTES = 2;
    static final int MAJOR_TEXT = 3;
    static final int MAJOR_ARRAY = 4;
    static final int MAJOR_MAP = 5;
    static final int MAJOR_TAG = 6;
    static final int MAJOR_SIMPLE = 7;

    private static final String[] MAJOR_NAMES = {
        "unsigned integer", "negative integer", "byte string", "text string", "array", "map", "tag",
        "float or simple value"};

    private CborSubset() {
    }

    static String typeName(int major) {
        return MAJOR_NAMES[major];
    }

    static int major(byte[] in, int offset) {
        return (in[offset] & 0xff) >>> 5;
    }

    /** The head's argument (value, length or count), unsigned; only for heads {@link #check} accepted. */
    static long argument(byte[] in, int offset) {
        int info = in[offset] & 0x1f;
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        long value = 0;
        for (int i = 1; i <= size; i++) {
            value = (value << 8) | (in[offset + i] & 0xff);
        }
        return value;
    }

    /** Bytes taken by the head at {@code offset}: 1, 2, 3, 5 or 9. */
    static int headLength(byte[] in, int offset) {
        int info = in[offset] & 0x1f;
        return info < 24 ? 1 : 1 + (1 << (info - 24));
    }

    /** Throws unless {@code in} is exactly one map in the subset. */
    static void check(byte[] in) throws MalformedMessageException {
        new Walk(in).run();
    }

    /** One pass; its fields say where it is, for error messages. */
    private static final class Walk {
        private final byte[] in;
        // Per open container (index 0 is the virtual root holding the one top-level item).
        private final long[] remaining = new long[MessageLimits.MAX_NESTING_DEPTH + 1];
        private final long[] consumed = new long[MessageLimits.MAX_NESTING_DEPTH + 1];
        private final boolean[] isMap = new boolean[MessageLimits.MAX_NESTING_DEPTH + 1];
        private int depth;
        private int pos;
        private long topKey = -1;
        private long kindCode = -1;
        private long item = -1;

        Walk(byte[] in) {
            this.in = in;
        }

        void run() throws MalformedMessageException {
            if (in.length == 0) {
                throw new MalformedMessageException("CBOR: empty input, expected a map", 0);
            }
            if (major(in, 0) != MAJOR_MAP) {
                throw fail("expected a map, got " + typeName(major(in, 0)), 0);
            }
            remaining[0] = 1;
            do {
                if (remaining[depth] == 0) {
                    depth--;
                    continue;
                }
                readItem();
            } while (depth > 0);
            if (pos != in.length) {
                throw fail((in.length - pos) + " trailing bytes after the message map", pos);
            }
        }

        private void readItem() throws MalformedMessageException {
            int start = pos;
            if (start >= in.length) {
                throw fail("input ends at offset " + start + " before the item it declares", start);
            }
            int major = major(in, start);
            int info = in[start] & 0x1f;
            boolean key = isMap[depth] && consumed[depth] % 2 == 0;
            consumed[depth]++;
            remaining[depth]--;
            if (depth == 2 && !isMap[2]) {
                item = consumed[2] - 1;
            }
            if (info == 31) {
                throw fail("indefinite-length " + typeName(major) + " is not allowed", start);
            }
            if (info >= 28) {
                throw fail("reserved additional information " + info + " in " + typeName(major) + " head", start);
            }
            int headLength = headLength(in, start);
            if (in.length - start < headLength) {
                throw fail("truncated " + typeName(major) + " head: needs " + headLength + " bytes, "
                        + (in.length - start) + " remain", start);
            }
            long argument = argument(in, start);
            pos = start + headLength;
            if (key) {
                if (depth == 1) {
                    topKey = major == MAJOR_UNSIGNED ? argument : -1;
                    item = -1;
                }
                if (major != MAJOR_UNSIGNED) {
                    throw fail("map key must be an unsigned integer, got " + typeName(major), start);
                }
            } else if (depth == 1 && topKey == 0 && consumed[1] == 2 && major == MAJOR_UNSIGNED) {
                kindCode = argument;
            }
            long left = in.length - pos;
            switch (major) {
                case MAJOR_UNSIGNED, MAJOR_NEGATIVE -> { }
                case MAJOR_BYTES, MAJOR_TEXT -> {
                    if (Long.compareUnsigned(argument, left) > 0) {
                        throw fail(typeName(major) + " declares " + Long.toUnsignedString(argument)
                                + " bytes but only " + left + " remain", start);
                    }
                    pos += (int) argument;
                }
                case MAJOR_ARRAY, MAJOR_MAP -> {
                    // Every item takes at least one byte, so a count above what remains is a lie.
                    boolean map = major == MAJOR_MAP;
                    if (Long.compareUnsigned(argument, left) > 0 || (map && argument * 2 > left)) {
                        throw fail(typeName(major) + " declares " + Long.toUnsignedString(argument)
                                + (map ? " entries" : " items") + " but only " + left + " bytes remain", start);
                    }
                    if (depth == MessageLimits.MAX_NESTING_DEPTH) {
                        throw fail("nesting deeper than " + MessageLimits.MAX_NESTING_DEPTH + " levels", start);
                    }
                    depth++;
                    isMap[depth] = map;
                    remaining[depth] = map ? argument * 2 : argument;
                    consumed[depth] = 0;
                }
                case MAJOR_TAG -> throw fail("tags are not allowed (tag " + Long.toUnsignedString(argument) + ")", start);
                default -> throw fail("floats and simple values are not allowed (" + describeSimple(info) + ")", start);
            }
        }

        private MalformedMessageException fail(String problem, int offset) {
            return new MalformedMessageException("CBOR: " + where() + ": " + problem + " at offset " + offset
                    + "; input " + ByteDump.preview(in), offset);
        }

        private String where() {
            MessageKind kind = MessageKind.byCode(kindCode);
            StringBuilder sb = new StringBuilder(kind == null ? "message" : kind.name());
            if (topKey >= 0) {
                sb.append(" key ").append(topKey);
                if (kind != null || topKey == 0) {
                    sb.append(" (").append(kind == null ? "kind" : kind.keyName(topKey)).append(')');
                }
            }
            if (item >= 0) {
                sb.append(" item ").append(item);
            }
            return sb.toString();
        }

        private static String describeSimple(int info) {
            return switch (info) {
                case 20 -> "false";
                case 21 -> "true";
                case 22 -> "null";
                case 23 -> "undefined";
                case 25 -> "half-precision float";
                case 26 -> "single-precision float";
                case 27 -> "double-precision float";
                default -> "simple value";
            };
        }
    }
}
