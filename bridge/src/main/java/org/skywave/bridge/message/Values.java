package org.skywave.bridge.message;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.skywave.transport.ByteDump;

/** Checks, defensive copies, value equality and bounded previews shared by the message records. */
final class Values {

    /** Lists in {@code toString} show at most this many elements: one log line, never a whole payload. */
    static final int MAX_PREVIEW_ITEMS = 3;

    private Values() {
    }

    static byte[] copy(byte[] bytes, String name, int min, int max) {
        Objects.requireNonNull(bytes, name);
        checkRange(bytes.length, name + " length", min, max);
        return bytes.clone();
    }

    /** A deep, unmodifiable copy of a list of byte arrays, each checked. */
    static List<byte[]> copyAll(List<byte[]> list, String name, int maxCount, int minBytes, int maxBytes) {
        Objects.requireNonNull(list, name);
        checkRange(list.size(), name + " count", 0, maxCount);
        List<byte[]> copies = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            copies.add(copy(list.get(i), name + "[" + i + "]", minBytes, maxBytes));
        }
        return Collections.unmodifiableList(copies);
    }

    static List<byte[]> deepCopy(List<byte[]> list) {
        List<byte[]> copies = new ArrayList<>(list.size());
        for (byte[] bytes : list) {
            copies.add(bytes.clone());
        }
        return copies;
    }

    static <T> List<T> copyList(List<T> list, String name, int maxCount) {
        Objects.requireNonNull(list, name);
        checkRange(list.size(), name + " count", 0, maxCount);
        return List.copyOf(list);
    }

    static void checkRange(long value, String name, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    /** Printable ASCII (0x21 to 0x7e), 1 to {@code maxBytes} long: callsigns and URIs. */
    static String checkAscii(String text, String name, int maxBytes) {
        Objects.requireNonNull(text, name);
        checkRange(text.length(), name + " length", 1, maxBytes);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(name + " must be printable ASCII without spaces, got 0x"
                        + Integer.toHexString(c) + " at index " + i);
            }
        }
        return text;
    }

    /** The UTF-8 length; a string that is not valid UTF-16 (a lone surrogate) cannot be carried. */
    static int utf8Length(String text, String name) {
        try {
            return StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text)).remaining();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + " is not valid Unicode (lone surrogate)");
        }
    }

    static boolean equalLists(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hashList(List<byte[]> list) {
        int hash = 1;
        for (byte[] bytes : list) {
            hash = 31 * hash + Arrays.hashCode(bytes);
        }
        return hash;
    }

    static String preview(byte[] bytes) {
        return "(" + ByteDump.preview(bytes) + ")";
    }

    /** {@code "[N items: a, b, c, ...]"} with at most {@link #MAX_PREVIEW_ITEMS} shown. */
    static String previewBytesList(List<byte[]> list) {
        StringBuilder sb = new StringBuilder("[").append(list.size()).append(" items");
        for (int i = 0; i < Math.min(list.size(), MAX_PREVIEW_ITEMS); i++) {
            sb.append(i == 0 ? ": " : ", ").append(preview(list.get(i)));
        }
        return sb.append(list.size() > MAX_PREVIEW_ITEMS ? ", ...]" : "]").toString();
    }

    static String previewList(List<?> list) {
        StringBuilder sb = new StringBuilder("[").append(list.size()).append(" items");
        for (int i = 0; i < Math.min(list.size(), MAX_PREVIEW_ITEMS); i++) {
            sb.append(i == 0 ? ": " : ", ").append(list.get(i));
        }
        return sb.append(list.size() > MAX_PREVIEW_ITEMS ? ", ...]" : "]").toString();
    }
}
