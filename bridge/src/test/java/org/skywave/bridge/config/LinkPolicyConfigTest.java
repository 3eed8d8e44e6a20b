package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.skywave.bridge.config.ConfigLoaderTest.assertProblem;
import static org.skywave.bridge.config.ConfigLoaderTest.load;
import static org.skywave.bridge.config.ConfigLoaderTest.onlyProblem;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-link policy keys and {@code peer} of a {@code [[link]]} entry. */
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
        assertEquals("K1XYZ-2", link.peer());
        assertEquals(new LinkPolicyConfig(List.of("tx", "headers"), 600, 2, 6, 25), link.policy());
    }

    @Test
    void absentKeysAreLeftToTheProfile() throws Exception {
        LinkConfig link = load(HEAD).links().get(0);
        assertEquals(LinkPolicyConfig.DEFAULTS, link.policy());
        assertNull(link.peer());
    }

    @Test
    void badValuesAreReportedAtTheirKey() {
        assertProblem(onlyProblem(HEAD + "allowed_kinds = [\"tx\", \"blocks\"]\n"), "link[0].allowed_kinds", 6,
                "entry 2: unknown message kind \"blocks\"");
        assertProblem(onlyProblem(HEAD + "duty_cycle_percent = 0\n"), "link[0].duty_cycle_percent", 6, "1");
        assertProblem(onlyProblem(HEAD + "max_per_minute = 5\nmax_per_5_minutes = 4\n"), "link[0].max_per_5_minutes", 7,
                "must be at least max_per_minute (5), got 4");
    }
}
