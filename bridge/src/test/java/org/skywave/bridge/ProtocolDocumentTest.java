package org.skywave.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/PROTOCOL.md must stand on its own, for an implementer with only the repository: it links
 * nothing outside it, and every file it links exists.
 */
class ProtocolDocumentTest {

    private static final Path PROTOCOL = Path.of("../docs/PROTOCOL.md");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern URL = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^\\s)`>]+");

    @Test
    void linksNothingOutsideTheRepositoryAndEveryLinkedFileExists() throws Exception {
        String text = Files.readString(PROTOCOL);
        List<String> problems = new ArrayList<>();
        Matcher url = URL.matcher(text);
        while (url.find()) {
            String found = url.group();
            // Link URIs of the carriers (tcp://, kiss-serial://...) are part of the protocol, not links.
            if (found.startsWith("http://") || found.startsWith("https://") || found.startsWith("ftp://")) {
                problems.add("links outside the repository: " + found);
            }
        }
        Matcher link = LINK.matcher(text);
        while (link.find()) {
            String target = link.group(1).replaceFirst("#.*", "");
            if (!target.isEmpty() && !Files.exists(PROTOCOL.getParent().resolve(target))) {
                problems.add("links a file that does not exist: " + link.group(1));
            }
        }
        assertEquals(List.of(), problems);
    }
}
