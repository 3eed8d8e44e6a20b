package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.skywave.bridge.config.ConfigLoaderTest.assertProblem;
import static org.skywave.bridge.config.ConfigLoaderTest.load;
import static org.skywave.bridge.config.ConfigLoaderTest.onlyProblem;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-link policy keys and {@code peer} or {@code peers} of a {@code [[link]]} entry. */
class LinkPolicyConfigTest {

    private static final String HEAD = """
            [station]
            callsign = "K1ABC"
            [[link]]
            name = "hf"
            uri = "sim:js8-normal"
            """;

    @Test
    void readsEveryPolicyKeyAndThePeer() throws Exception {
        LinkConfig link = load(HEAD + """
                peer = "K1XYZ-2"
                allowed_kinds = ["tx", "headers", "tx"]
                max_message_bytes = 600
                max_per_minute = 2
                max_per_5_minutes = 6
                duty_cycle_percent = 25
                """).links().get(0);
        assertEquals(List.of("K1XYZ-2"), link.peers());
        assertEquals(new LinkPolicyConfig(List.of("tx", "headers"), 600, 2, 6, 25), link.policy());
    }

    @Test
    void absentKeysAreLeftToTheProfile() throws Exception {
        LinkConfig link = load(HEAD).links().get(0);
        assertEquals(LinkPolicyConfig.DEFAULTS, link.policy());
        assertEquals(List.of(), link.peers());
    }

    @Test
    void badValuesAreReportedAtTheirKey() {
        assertProblem(onlyProblem(HEAD + "allowed_kinds = [\"tx\", \"blocks\"]\n"), "link[0].allowed_kinds", 6,
                "entry 2: unknown message kind \"blocks\"");
        assertProblem(onlyProblem(HEAD + "duty_cycle_percent = 0\n"), "link[0].duty_cycle_percent", 6, "1");
        assertProblem(onlyProblem(HEAD + "max_per_minute = 5\nmax_per_5_minutes = 4\n"), "link[0].max_per_5_minutes", 7,
                "must be at least max_per_minute (5), got 4");
    }

    @Test
    void readsSeveralFarStations() throws Exception {
        LinkConfig link = load(HEAD + "peers = [\"K1ABC-1\", \"K2XYZ\"]\n").links().get(0);
        assertEquals(List.of("K1ABC-1", "K2XYZ"), link.peers());
    }

    @Test
    void badFarStationsAreReportedAtTheirKeyAndLine() {
        assertProblem(onlyProblem(HEAD + "peer = \"K1ABC-1\"\npeers = [\"K2XYZ\"]\n"), "link[0].peers", 7,
                "give either peer (line 6) or peers, not both");
        assertProblem(onlyProblem(HEAD + "peers = [\"K1ABC-1\", \"K1ABC-1\"]\n"), "link[0].peers", 6,
                "entry 2: \"K1ABC-1\" is listed twice");
        assertProblem(onlyProblem(HEAD + "peers = [\"K1ABC-1\", \" K2XYZ\"]\n"), "link[0].peers", 6,
                "entry 2: a far station is a callsign or station id of 1-100 characters without blanks around it,"
                        + " got \" K2XYZ\"");
        assertProblem(onlyProblem(HEAD + "peer = \"\"\n"), "link[0].peer", 6, "got \"\"");
        assertProblem(onlyProblem(HEAD + "peers = [\"K1ABC-1\", 7]\n"), "link[0].peers[1]", 6, "expected a string");
        String many = String.join(", ", java.util.stream.IntStream.rangeClosed(1, 17).mapToObj(i -> "\"K" + i + "AB\"")
                .toList());
        assertProblem(onlyProblem(HEAD + "peers = [" + many + "]\n"), "link[0].peers", 6,
                "at most 16 far stations per link, got 17");
    }
}
