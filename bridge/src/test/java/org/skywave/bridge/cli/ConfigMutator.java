package org.skywave.bridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded mutations of a TOML config file, of the kinds an operator's editor, a bad copy-paste or a
 * hostile file produce: lines dropped, doubled, swapped or cut; values of the wrong type, empty,
 * huge or negative; table headers doubled; random characters; and deep nesting of arrays, inline
 * tables and dotted keys, which recursive parsers and validators overflow on.
 */
final class ConfigMutator {

    private static final String[] VALUES = {"\"\"", "0", "-1", "9223372036854775807", "99999999999999999999", "1e400",
            "nan", "-inf", "true", "[]", "{}", "[1, \"a\"]", "{ a = 1 }", "1979-05-27T07:32:00Z", "07:32:00",
            "\"sim:ax25-1200\"", "\"tcp://127.0.0.1:0\"", "\"kiss-tcp://127.0.0.1:1?txdelay=-5\"",
            "\"kiss-serial:///dev/null?baud=0\"", "\"N0CALL\"", "\"\\u0000\"", "'''\nmulti\nline'''", "0x7fffffff",
            "\"/nonexistent/dir/file\""};
    private static final String[] KEYS = {"name", "uri", "callsign", "data_dir", "file", "repeats", "auth", "encrypt",
            "listen", "ttl_seconds", "max_messages", "max_bytes", "hop_limit", "rf_allowed_kinds", "key_file",
            "trusted_peers", "mac_secret_file", "log_level", "synchronous", "token_file", "params", "bogus"};
    private static final String[] HEADERS = {"[station]", "[store]", "[[link]]", "[admin]", "[gate]", "[[node]]",
            "[link.params]", "[link]", "[[station]]", "[station.x.y]"};

    private final Random random;

    ConfigMutator(long seed) {
        this.random = new Random(seed);
    }

    /** One to three mutations of {@code text}. */
    String mutate(String text) {
        int rounds = 1 + random.nextInt(3);
        for (int i = 0; i < rounds; i++) {
            text = mutateOnce(text);
        }
        return text;
    }

    private String mutateOnce(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int at = random.nextInt(lines.size());
        switch (random.nextInt(12)) {
            case 0 -> lines.remove(at);
            case 1 -> lines.add(at, lines.get(random.nextInt(lines.size())));
            case 2 -> {
                int other = random.nextInt(lines.size());
                String line = lines.get(at);
                lines.set(at, lines.get(other));
                lines.set(other, line);
            }
            case 3 -> lines.set(at, replaceValue(lines.get(at)));
            case 4 -> lines.add(at, KEYS[random.nextInt(KEYS.length)] + " = " + VALUES[random.nextInt(VALUES.length)]);
            case 5 -> lines.add(at, HEADERS[random.nextInt(HEADERS.length)]);
            case 6 -> lines.add(at, deepNesting());
            case 7 -> {
                String line = lines.get(at);
                lines.set(at, line.substring(0, random.nextInt(line.length() + 1)));
            }
            case 8 -> lines.set(at, insertCharacters(lines.get(at)));
            case 9 -> lines.add(at, KEYS[random.nextInt(KEYS.length)] + " = \"" + "x".repeat(1 << (8 + random.nextInt(12))) + "\"");
            case 10 -> {
                return text.substring(0, random.nextInt(text.length() + 1));
            }
            default -> lines.set(at, replaceNumber(lines.get(at)));
        }
        return String.join("\n", lines);
    }

    private String replaceValue(String line) {
        int eq = line.indexOf('=');
        return eq < 0 ? line : line.substring(0, eq + 1) + " " + VALUES[random.nextInt(VALUES.length)];
    }

    private String replaceNumber(String line) {
        String[] numbers = {"0", "-1", "-9223372036854775808", "2147483648", "4294967296", "1.5", "1_000_000_000_000"};
        return line.replaceFirst("\\b\\d+\\b", numbers[random.nextInt(numbers.length)]);
    }

    private String insertCharacters(String line) {
        String[] inserts = {"\"", "'", "[", "]", "{", "}", "=", "#", "\\", ".", "\u0000", "\u00e9", "\ud83d\udce1", "\t", "\r"};
        int at = random.nextInt(line.length() + 1);
        return line.substring(0, at) + inserts[random.nextInt(inserts.length)] + line.substring(at);
    }

    /** Nesting from 10 to 100,000 levels deep: arrays, inline tables or dotted keys. */
    private String deepNesting() {
        int depth = (int) Math.pow(10, 1 + random.nextInt(5));
        String key = KEYS[random.nextInt(KEYS.length)];
        return switch (random.nextInt(3)) {
            case 0 -> key + " = " + "[".repeat(depth) + "1" + "]".repeat(depth);
            case 1 -> key + " = " + "{ a = ".repeat(depth) + "1" + " }".repeat(depth);
            default -> key + ".a".repeat(depth) + " = 1";
        };
    }
}
