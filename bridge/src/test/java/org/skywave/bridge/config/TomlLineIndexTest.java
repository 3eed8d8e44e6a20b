package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TomlLineIndexTest {

    private static KeyPath path(String... keys) {
        KeyPath p = KeyPath.ROOT;
        for (String key : keys) {
            p = key.matches("\\d+") ? p.element(Integer.parseInt(key)) : p.child(key);
        }
        return p;
    }

    @Test
    void arraysOfTablesCountPerHeader() {
        TomlLineIndex index = TomlLineIndex.of("""
                [[link]]
                name = "a"
                [link.params]
                txdelay = 30

                [[link]]
                name = "b"
                [link.params]
                txdelay = 40
                """);
        assertEquals(1, index.line(path("link", "0")));
        assertEquals(3, index.line(path("link", "0", "params")));
        assertEquals(4, index.line(path("link", "0", "params", "txdelay")));
        assertEquals(7, index.line(path("link", "1", "name")));
        assertEquals(9, index.line(path("link", "1", "params", "txdelay")));
        assertEquals("link[1].params.txdelay", path("link", "1", "params", "txdelay").toString());
    }

    @Test
    void stringsAndCommentsDoNotMislead() {
        TomlLineIndex index = TomlLineIndex.of("""
                a = "x = 1 # not a comment"   # b = 2
                c = '''
                d = 3
                '''
                e = \"\"\"
                f = "\\\"\"\"
                \"\"\"
                g = 'it''s'
                h = 1
                """);
        assertEquals(1, index.line(path("a")));
        assertFalse(index.declares(path("b")));
        assertEquals(2, index.line(path("c")));
        assertFalse(index.declares(path("d")));
        assertEquals(5, index.line(path("e")));
        assertFalse(index.declares(path("f")));
        assertEquals(9, index.line(path("h")));
    }

    @Test
    void multiLineArraysAndInlineTables() {
        TomlLineIndex index = TomlLineIndex.of("""
                kinds = [
                  "tx",   # first
                  "headers",
                ]
                params = { loss = 0.1, nested = { seed = 7 } }
                points = [ { x = 1 },
                           { x = 2 } ]
                after = true
                """);
        assertEquals(3, index.line(path("kinds", "1")));
        assertEquals(5, index.line(path("params", "nested", "seed")));
        assertEquals(7, index.line(path("points", "1", "x")));
        assertEquals(8, index.line(path("after")));
    }

    @Test
    void quotedAndDottedKeys() {
        TomlLineIndex index = TomlLineIndex.of("""
                [ "odd key" . inner ]
                site.name = "x"
                "a.b" = 1
                """);
        assertEquals(1, index.line(path("odd key", "inner")));
        assertEquals(2, index.line(path("odd key", "inner", "site", "name")));
        assertEquals(2, index.line(path("odd key", "inner", "site")));
        assertEquals(3, index.line(path("odd key", "inner", "a.b")));
        assertEquals("\"odd key\".inner.\"a.b\"", path("odd key", "inner", "a.b").toString());
    }

    @Test
    void undeclaredPathFallsBackToItsNearestAncestor() {
        TomlLineIndex index = TomlLineIndex.of("\n\n[station]\nname = \"a\"\n");
        assertEquals(3, index.line(path("station", "callsign")));
        assertEquals(1, index.line(path("store", "file")));
    }

    @Test
    void pathAtALineIsTheKeyOrTheTableInForce() {
        TomlLineIndex index = TomlLineIndex.of("[station]\nname = \"a\"\n\n# comment\n");
        assertEquals("station.name", index.pathAt(2).toString());
        assertEquals("station", index.pathAt(4).toString());
        assertEquals("station", index.pathAt(99).toString());
        assertTrue(TomlLineIndex.of("# top\n[station]\n").pathAt(1).isRoot());
    }

    @Test
    void findsTheDuplicateKeyLine() {
        assertEquals(4, TomlLineIndex.of("[a]\nx = 1\ny = 2\nx = 3\n").firstDuplicateLine().getAsInt());
        assertTrue(TomlLineIndex.of("a.x = 1\na.y = 2\n").firstDuplicateLine().isEmpty());
    }

    @Test
    void neverThrowsOrHangsOnGarbage() {
        long seed = 20241107L;
        Random random = new Random(seed);
        String alphabet = "[]{}=\"'#.,\n \\abc123";
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(200);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            TomlLineIndex index = TomlLineIndex.of(text.toString());
            int lines = (int) text.chars().filter(c -> c == '\n').count() + 1;
            int line = index.line(path("a", "b"));
            assertTrue(line >= 1 && line <= lines, () -> "seed " + seed + ": line " + line + " outside 1.." + lines + " for " + text);
        }
    }
}
