package org.skywave.transport.js8call;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Js8TextCodecTest {

    @Property(tries = 2000)
    void decodesWhatItEncoded(@ForAll @Size(max = 300) byte[] data) throws Exception {
        assertArrayEquals(data, Js8TextCodec.decode(Js8TextCodec.encode(data)));
    }

    @Property(tries = 500)
    void textIsUpperCaseWithoutSpacesAndOnlyFromTheAlphabet(@ForAll @Size(max = 300) byte[] data) {
        String text = Js8TextCodec.encode(data);
        for (char c : text.toCharArray()) {
            assertTrue(Js8TextCodec.ALPHABET.indexOf(c) >= 0, "character '" + c + "' outside the alphabet in " + text);
        }
    }

    @Property(tries = 500)
    void toleratesLowerCaseAndWhiteSpaceAddedInTransit(@ForAll @Size(min = 1, max = 200) byte[] data) throws Exception {
        String text = Js8TextCodec.encode(data);
        StringBuilder mangled = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            mangled.append(i % 3 == 0 ? text.substring(i, i + 1).toLowerCase(Locale.ROOT) : text.charAt(i));
            if (i % 7 == 3) {
                mangled.append(i % 2 == 0 ? " " : "\n");
            }
        }
        assertArrayEquals(data, Js8TextCodec.decode(mangled));
    }

    @Test
    void alphabetHas61DistinctCharactersAndNoR() {
        assertEquals(61, Js8TextCodec.ALPHABET.length());
        assertEquals(61, Js8TextCodec.ALPHABET.chars().distinct().count());
        assertEquals(-1, Js8TextCodec.ALPHABET.indexOf('R'), "JSC codes R in 25 bits");
        for (char c : "@<>`\\% ".toCharArray()) {
            assertEquals(-1, Js8TextCodec.ALPHABET.indexOf(c), "JS8Call treats '" + c + "' specially");
        }
    }

    @Test
    void cheapLettersCarryFourBits() {
        // 0x00 = 0000 0000: 'E' (code 0000) twice.
        assertEquals("EE", Js8TextCodec.encode(new byte[] {0}));
        assertEquals("", Js8TextCodec.encode(new byte[0]));
    }

    @Test
    void refusesCharacterOutsideTheAlphabetNamingItAndItsOffset() {
        Js8FormatException e = assertThrows(Js8FormatException.class, () -> Js8TextCodec.decode("ETR"));
        assertTrue(e.getMessage().contains("'R'") && e.getMessage().contains("offset 2"), e.getMessage());
    }
}
