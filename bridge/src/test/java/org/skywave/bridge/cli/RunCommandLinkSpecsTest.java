package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.config.ConfigLoader;
import org.skywave.bridge.config.SkywaveConfig;
import org.skywave.bridge.config.TransportRegistry;
import org.skywave.bridge.framing.Ed25519FrameAuthenticator;
import org.skywave.bridge.framing.FrameAuthenticator;
import org.skywave.bridge.framing.HmacFrameAuthenticator;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.StationKey;
import org.skywave.bridge.station.StationLinkSpec;

/** Each link opens with the authenticator its {@code auth} names, and the station key's id is announced on all. */
class RunCommandLinkSpecsTest {

    @TempDir
    Path dir;

    @Test
    void authenticatorsFollowTheConfig() throws Exception {
        StationKey key = StationKey.generate(new SecureRandom());
        KeyFile.write(dir.resolve("station.key"), key, false);
        Files.writeString(dir.resolve("vhf.secret"), "a secret of more than sixteen bytes\n");
        StationKey peer = StationKey.generate(new SecureRandom());
        String toml = """
                [station]
                callsign = "K1ABC"
                data_dir = "%s"
                key_file = "station.key"
                trusted_peers = ["%s"]
                [[link]]
                name = "plain"
                uri = "tcp://127.0.0.1:7373"
                [[link]]
                name = "signed"
                uri = "tcp://127.0.0.1:7374"
                auth = "signature"
                [[link]]
                name = "vhf"
                uri = "sim:ax25-1200"
                auth = "mac"
                mac_secret_file = "vhf.secret"
                mac_bytes = 6
                """.formatted(dir, peer.id().hex());
        try (TransportRegistry registry = TransportRegistry.standard()) {
            SkywaveConfig config = ConfigLoader.parse(toml, dir.resolve("station.toml"), registry);
            List<StationLinkSpec> specs = RunCommand.linkSpecs(config);

            assertSame(FrameAuthenticator.NONE, specs.get(0).authenticator());
            Ed25519FrameAuthenticator signing = assertInstanceOf(Ed25519FrameAuthenticator.class, specs.get(1).authenticator());
            assertEquals(key.id(), signing.stationId());
            assertTrue(signing.trusted().contains(peer.id()));
            assertFalse(signing.trusted().contains(key.id()), "not its own key unless listed");
            HmacFrameAuthenticator mac = assertInstanceOf(HmacFrameAuthenticator.class, specs.get(2).authenticator());
            assertEquals(6, mac.tagLength());
            for (StationLinkSpec spec : specs) {
                assertEquals(key.id(), spec.stationId(), spec.name() + " announces the station id");
            }
        }
    }
}
