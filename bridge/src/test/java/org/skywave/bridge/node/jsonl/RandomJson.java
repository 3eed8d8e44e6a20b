package org.skywave.bridge.node.jsonl;

import java.util.Random;

/** Random JSON values as text, in unusual but valid layouts, from a seeded {@link Random}. */
final class RandomJson {

    private static final String[] STRINGS = {"", "a", "caf\u00e9", "\ud83d\ude00", "\\\"", "\\\\", "\\u00e9", "\\n", "\u65e5\u672c",
        "hash", "x y", "\\/", "\\ud83d\\ude00"};
    private static final String[] NUMBERS = {"0", "-1", "42", "3.25", "1e10", "-0.5E-3", "123456789012345678901234567890", "0.0"};
    private static final String[] SPACES = {"", "", " ", "\t", "  ", " \t "};

    private RandomJson() {
    }

    static String ws(Random r) {
        return SPACES[r.nextInt(SPACES.length)];
    }

    static String string(Random r) {
        StringBuilder s = new StringBuilder("\"");
        int parts = r.nextInt(4);
        for (int i = 0; i < parts; i++) {
            s.append(STRINGS[r.nextInt(STRINGS.length)]);
        }
        return s.append('"').toString();
    }

    static String value(Random r, int depth) {
        int kind = depth >= 3 ? r.nextInt(4) : r.nextInt(6);
        return switch (kind) {
            case 0 -> string(r);
            case 1 -> NUMBERS[r.nextInt(NUMBERS.length)];
            case 2 -> r.nextBoolean() ? (r.nextBoolean() ? "true" : "false") : "null";
            case 3 -> string(r);
            case 4 -> {
                StringBuilder s = new StringBuilder("{").append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        s.append(ws(r)).append(',').append(ws(r));
                    }
                    s.append(string(r)).append(ws(r)).append(':').append(ws(r)).append(value(r, depth + 1));
                }
                yield s.append(ws(r)).append('}').toString();
            }
            default -> {
                StringBuilder s = new StringBuilder("[").append(ws(r));
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        s.append(ws(r)).append(',').append(ws(r));
                    }
                    s.append(value(r, depth + 1));
                }
                yield s.append(ws(r)).append(']').toString();
            }
        };
    }
}
