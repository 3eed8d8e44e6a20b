package org.skywave.bridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.store.StoreOptions;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.identity.StationKey;
import org.skywave.transport.LinkUri;
import org.tinylog.Level;

class ConfigLoaderTest {

    private static final Path FILE = Path.of("station.toml");

    static SkywaveConfig load(String toml) throws ConfigException {
        return ConfigLoader.parse(toml, FILE, FakeTransport.registry());
    }

    /** The problems of {@code toml}, each as {@code file:line: key: message}. */
    static List<String> problems(String toml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(toml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    static ConfigProblem onlyProblem(String toml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(toml));
        assertEquals(1, e.problems().size(), () -> "expected one problem, got:\n" + e.getMessage());
        return e.problems().get(0);
    }

    static void assertProblem(ConfigProblem problem, String keyPath, int line, String messagePart) {
        assertEquals(keyPath, problem.keyPath(), problem::toString);
        assertEquals(line, problem.line(), problem::toString);
        assertTrue(problem.message().contains(messagePart), () -> "'" + messagePart + "' not in: " + problem);
    }

    private static final String TCP_LINK = """
            [[link]]
            name = "net"
            uri = "tcp://127.0.0.1:7373"
            """;

    @Nested
    class ValidFiles {

        @Test
        void minimalFileTakesEveryDefault() throws Exception {
            SkywaveConfig config = load(TCP_LINK);
            assertEquals(new StationConfig("skywave", null, Level.INFO, Path.of("./skywave-data")), config.station());
            assertEquals(new StoreConfig(Path.of("./skywave-data/skywave.db"), StoreOptions.Synchronous.FULL, 100_000,
                    64L * 1024 * 1024, Duration.ofDays(1), 1024 * 1024), config.store());
            assertEquals(List.of(new LinkConfig("net", LinkUri.parse("tcp://127.0.0.1:7373"), false, LinkConfig.ACKNOWLEDGED, LinkAuth.NONE, 1)),
                    config.links());
            assertEquals(AdminConfig.defaults(), config.admin());
            assertEquals(List.of(), config.nodes());
            assertEquals(GateConfig.defaults(), config.gate());
        }

        @Test
        void readsEveryKey(@TempDir Path keys) throws Exception {
            StationKey key = StationKey.generate(new SecureRandom());
            Path keyFile = keys.resolve("station.key");
            KeyFile.write(keyFile, key, false);
            Path secretFile = Files.writeString(keys.resolve("vhf.secret"), "sixteen bytes at least\n");
            Path tokenFile = Files.writeString(keys.resolve("admin.token"), "0123456789abcdef0123\n");
            StationId peer = StationKey.generate(new SecureRandom()).id();
            SkywaveConfig config = load("""
                    [station]
                    name = "Site-2"
                    callsign = "k1abc-3"
                    log_level = "debug"
                    data_dir = "/var/lib/skywave"
                    key_file = "%s"
                    trusted_peers = ["%s"]
                    [store]
                    file = "q.db"
                    synchronous = "normal"
                    max_messages = 10
                    max_bytes = 2048
                    ttl_seconds = 60
                    wal_max_bytes = 262144
                    [[link]]
                    name = "vhf"
                    uri = "kiss-tcp://127.0.0.1:8001"
                    callsign = "K1ABC-7"
                    repeats = 3
                    encrypt = false
                    auth = "mac"
                    mac_secret_file = "%s"
                    mac_bytes = 12
                    [link.params]
                    txdelay = 30
                    path = "WIDE1-1"
                    fullduplex = false
                    [admin]
                    listen = "[::]:9090"
                    token_file = "%s"
                    [[node]]
                    name = "btc"
                    uri = "bitcoin://127.0.0.1?network=regtest"
                    [[node]]
                    name = "bunker"
                    uri = "jsonl://127.0.0.1:9000"
                    [gate]
                    rf_max_per_minute = 5
                    rf_max_per_5_minutes = 5
                    rf_allowed_kinds = ["tx", "block", "compact_block"]
                    rf_max_message_bytes = 100
                    hop_limit = 0
                    ban_score = 250
                    ban_minutes = 1440
                    """.formatted(keyFile, peer.hex().toUpperCase(java.util.Locale.ROOT), secretFile, tokenFile));
            assertEquals(new StationConfig("Site-2", "K1ABC-3", Level.DEBUG, Path.of("/var/lib/skywave"), keyFile, List.of(peer)),
                    config.station());
            assertEquals(new StoreConfig(Path.of("/var/lib/skywave/q.db"), StoreOptions.Synchronous.NORMAL, 10, 2048,
                    Duration.ofSeconds(60), 262_144), config.store());
            LinkConfig vhf = config.links().get(0);
            assertEquals("kiss-tcp://127.0.0.1:8001?txdelay=30&path=WIDE1-1&fullduplex=false&callsign=K1ABC-7", vhf.uri().toString());
            assertEquals(Map.of("txdelay", "30", "path", "WIDE1-1", "fullduplex", "false", "callsign", "K1ABC-7"), vhf.uri().params());
            assertTrue(vhf.radio());
            assertEquals(3, vhf.repeats());
            assertEquals(LinkAuth.MAC, vhf.auth());
            assertEquals(15, vhf.line());
            assertEquals(secretFile, vhf.macSecretFile());
            assertEquals(12, vhf.macBytes());
            assertEquals(new AdminConfig("::", 9090, tokenFile), config.admin());
            assertEquals(List.of(
                    new NodeConfig("btc", NodeConfig.Kind.BITCOIN, "127.0.0.1", 18444, NodeConfig.Network.REGTEST,
                            "bitcoin://127.0.0.1?network=regtest", 31),
                    new NodeConfig("bunker", NodeConfig.Kind.JSONL, "127.0.0.1", 9000, null, "jsonl://127.0.0.1:9000", 34)),
                    config.nodes());
            assertEquals(new GateConfig(5, 5, List.of("tx", "block", "compact_block"), 100, 0, 250, 1440), config.gate());
        }

        @Test
        void radioLinkTakesStationCallsign() throws ConfigException {
            SkywaveConfig config = load("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200?loss=0.1"
                    """);
            assertEquals("sim:ax25-1200?loss=0.1&callsign=K1ABC", config.links().get(0).uri().toString());
        }

        @Test
        void callsignAlreadyInUriIsKept() throws ConfigException {
            SkywaveConfig config = load("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200?callsign=W2XYZ-1"
                    """);
            assertEquals("sim:ax25-1200?callsign=W2XYZ-1", config.links().get(0).uri().toString());
        }

        @Test
        void internetLinkGetsNoCallsign() throws ConfigException {
            SkywaveConfig config = load("[station]\ncallsign = \"K1ABC\"\n" + TCP_LINK);
            assertEquals(Map.of(), config.links().get(0).uri().params());
            assertFalse(config.links().get(0).radio());
        }

        @Test
        void paramsWrittenAsInlineTableAreMerged() throws ConfigException {
            SkywaveConfig config = load("""
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200"
                    params = { loss = 0.25, seed = 7, callsign = "K1ABC-2" }
                    """);
            assertEquals("sim:ax25-1200?loss=0.25&seed=7&callsign=K1ABC-2", config.links().get(0).uri().toString());
        }

        @Test
        void paramValuesAreEscapedInTheUri() throws ConfigException {
            SkywaveConfig config = load("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "vhf"
                    uri = "kiss-tcp://127.0.0.1:8001?"
                    [link.params]
                    path = "WIDE1-1,WIDE2 2&x"
                    """);
            assertEquals("WIDE1-1,WIDE2 2&x", config.links().get(0).uri().params().get("path"));
        }
    }

    @Nested
    class ReferenceFiles {

        /** Surefire runs in the module directory; the reference files sit beside the modules. */
        private final Path firmwareConfig = Path.of("..", "firmware-config");

        @Test
        void referenceFilePasses() throws ConfigException {
            SkywaveConfig config = ConfigLoader.load(firmwareConfig.resolve("skywave.toml"), FakeTransport.registry());
            assertEquals("K1ABC", config.station().callsign());
            assertEquals(List.of("internet", "radio"), config.links().stream().map(LinkConfig::name).toList());
            assertEquals("sim:ax25-1200?callsign=K1ABC", config.links().get(1).uri().toString());
            assertEquals(LinkAuth.NONE, config.links().get(1).auth(), "signature needs a key file, which the reference cannot ship");
        }

        @Test
        void internetGatewayExampleParses() throws ConfigException {
            SkywaveConfig config = load(firmwareConfig.resolve("examples/internet-gateway.toml"));
            assertNull(config.station().callsign());
            assertTrue(config.links().stream().noneMatch(LinkConfig::radio));
            assertEquals(8333, config.nodes().get(0).port());
        }

        @Test
        void direwolfExampleParses() throws ConfigException {
            SkywaveConfig config = load(firmwareConfig.resolve("examples/direwolf-kiss.toml"));
            LinkConfig vhf = config.links().get(0);
            assertTrue(vhf.radio());
            assertEquals("K1ABC-7", vhf.uri().params().get("callsign"));
            assertEquals("WIDE1-1", vhf.uri().params().get("path"));
            assertEquals("1200", vhf.uri().params().get("bitrate"));
        }

        @Test
        void serialTncExampleParses() throws ConfigException {
            SkywaveConfig config = load(firmwareConfig.resolve("examples/serial-tnc.toml"));
            LinkConfig tnc = config.links().get(0);
            assertEquals("kiss-serial", tnc.uri().scheme());
            assertTrue(tnc.uri().path().startsWith("/dev/serial/by-id/"));
            assertEquals("9600", tnc.uri().params().get("baud"));
            assertEquals("K1ABC", tnc.uri().params().get("callsign"));
        }

        @Test
        void js8callExampleParses() throws ConfigException {
            SkywaveConfig config;
            try (TransportRegistry real = TransportRegistry.standard()) {
                config = ConfigLoader.load(firmwareConfig.resolve("examples/js8call.toml"), real);
            }
            LinkConfig hf = config.links().get(0);
            assertTrue(hf.radio());
            assertEquals("js8call", hf.uri().scheme());
            assertEquals("K1ABC", hf.uri().params().get("callsign"));
            assertEquals("turbo", hf.uri().params().get("speed"));
            assertEquals("K2XYZ,K3DEF", hf.uri().params().get("peer"));
        }

        private SkywaveConfig load(Path file) throws ConfigException {
            return ConfigLoader.load(file, FakeTransport.registry());
        }
    }

    @Nested
    class ProblemKinds {

        @Test
        void unknownKeySuggestsTheClosest() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    name = "a"
                    calsign = "K1ABC"
                    """ + TCP_LINK);
            assertEquals(new ConfigProblem(FILE, "station.calsign", 3, "unknown key (did you mean 'callsign'?)"), p);
        }

        @Test
        void unknownKeyFarFromAnyListsTheKnownOnes() {
            ConfigProblem p = onlyProblem(TCP_LINK + "colour = \"red\"\n");
            assertProblem(p, "link[0].colour", 4, "unknown key (known here: name, uri, callsign, repeats, encrypt, auth, mac_secret_file, mac_bytes, peer_max_messages_per_minute, peer_max_replays, peer, peers, allowed_kinds, max_message_bytes, max_per_minute, max_per_5_minutes, duty_cycle_percent, params)");
        }

        @Test
        void unknownSectionSuggestsTheClosest() {
            ConfigProblem p = onlyProblem(TCP_LINK + "[stations]\nname = \"x\"\n");
            assertEquals(new ConfigProblem(FILE, "stations", 4, "unknown key (did you mean 'station'?)"), p);
        }

        @Test
        void shortenedKeySuggestsTheFullOne() {
            ConfigProblem p = onlyProblem("[store]\nttl = 5\n" + TCP_LINK);
            assertEquals(new ConfigProblem(FILE, "store.ttl", 2, "unknown key (did you mean 'ttl_seconds'?)"), p);
        }

        @Test
        void wrongTypeSaysExpectedAndActual() {
            ConfigProblem p = onlyProblem("[store]\n\nmax_messages = \"1000\"\n" + TCP_LINK);
            assertEquals(new ConfigProblem(FILE, "store.max_messages", 3, "expected an integer, got string \"1000\""), p);
        }

        @Test
        void floatWhereIntegerBelongsIsWrongType() {
            assertProblem(onlyProblem(TCP_LINK + "repeats = 2.5\n"), "link[0].repeats", 4, "expected an integer, got float 2.5");
        }

        @Test
        void dateWhereStringBelongsIsWrongType() {
            assertProblem(onlyProblem("[station]\nname = 2024-01-01T00:00:00Z\n" + TCP_LINK),
                    "station.name", 2, "expected a string, got date-time");
        }

        @Test
        void tableWhereArrayOfTablesBelongs() {
            assertProblem(onlyProblem("[link]\nname = \"a\"\nuri = \"tcp://127.0.0.1:1\"\n"),
                    "link", 1, "expected an array of tables [[link]], got table");
        }

        @Test
        void missingRequiredKeyPointsAtItsTable() {
            ConfigProblem p = onlyProblem("""
                    # two links, the second without a uri
                    [[link]]
                    name = "a"
                    uri = "tcp://127.0.0.1:1"

                    [[link]]
                    name = "b"
                    """);
            assertEquals(new ConfigProblem(FILE, "link[1].uri", 6, "required key is missing (expected a string)"), p);
        }

        @Test
        void noLinkAtAll() {
            assertEquals(new ConfigProblem(FILE, "link", 1,
                    "at least one [[link]] is required: a station with no link has nothing to do"), onlyProblem("[station]\n"));
        }

        @Test
        void valueOutOfRange() {
            assertEquals(new ConfigProblem(FILE, "store.max_bytes", 2, "must be in 1..9223372036854775807 (got 0)"),
                    onlyProblem("[store]\nmax_bytes = 0\n" + TCP_LINK));
            assertProblem(onlyProblem(TCP_LINK + "repeats = 0\n"), "link[0].repeats", 4, "must be in 1..10 (got 0)");
            assertProblem(onlyProblem("[store]\nttl_seconds = 99999999999999999999\n" + TCP_LINK),
                    "store.ttl_seconds", 2, "must be in 1..316224000 (got 99999999999999999999)");
        }

        @Test
        void valueOutsideItsChoices() {
            assertEquals(new ConfigProblem(FILE, "store.synchronous", 2, "must be one of full, normal (got \"off\")"),
                    onlyProblem("[store]\nsynchronous = \"off\"\n" + TCP_LINK));
            assertEquals(new ConfigProblem(FILE, "station.log_level", 2,
                    "must be one of trace, debug, info, warn, error (got \"INFO\")"),
                    onlyProblem("[station]\nlog_level = \"INFO\"\n" + TCP_LINK));
            assertProblem(onlyProblem(TCP_LINK + "auth = \"aes\"\n"), "link[0].auth", 4, "must be one of none, mac, signature");
        }

        @Test
        void duplicateLinkNameNamesTheFirst() {
            ConfigProblem p = onlyProblem(TCP_LINK + "\n" + TCP_LINK);
            assertEquals(new ConfigProblem(FILE, "link[1].name", 6, "duplicate link name 'net' (first declared at line 2)"), p);
        }

        @Test
        void badLinkName() {
            assertProblem(onlyProblem("[[link]]\nname = \"Radio 1\"\nuri = \"tcp://127.0.0.1:1\"\n"),
                    "link[0].name", 2, "must be 1-32 lower-case letters, digits or '-' (got \"Radio 1\")");
        }

        @Test
        void duplicateAndUnknownGateKinds() {
            List<String> problems = problems(TCP_LINK + """
                    [gate]
                    rf_allowed_kinds = [
                      "tx",
                      "blocks",
                      "tx",
                    ]
                    """);
            assertEquals(List.of(
                    "station.toml:7: gate.rf_allowed_kinds[1]: unknown message kind \"blocks\" (known: addr, block, compact_block, headers, inv, tx)",
                    "station.toml:8: gate.rf_allowed_kinds[2]: \"tx\" is listed twice"), problems);
        }

        @Test
        void banScoreAndBanMinutesOutOfRangeOrOfTheWrongType() {
            assertEquals(List.of(
                    "station.toml:5: gate.ban_score: must be in 1..10000 (got 0)",
                    "station.toml:6: gate.ban_minutes: must be in 1..10080 (got 10081)"),
                    problems(TCP_LINK + "[gate]\nban_score = 0\nban_minutes = 10081\n"));
            assertProblem(onlyProblem(TCP_LINK + "[gate]\nban_score = 10001\n"), "gate.ban_score", 5, "must be in 1..10000 (got 10001)");
            assertProblem(onlyProblem(TCP_LINK + "[gate]\n\nban_minutes = 0\n"), "gate.ban_minutes", 6, "must be in 1..10080 (got 0)");
            assertProblem(onlyProblem(TCP_LINK + "[gate]\nban_minutes = \"10m\"\n"), "gate.ban_minutes", 5, "an integer");
            assertProblem(onlyProblem(TCP_LINK + "[gate]\nban_score = 2.5\n"), "gate.ban_score", 5, "an integer");
        }

        @Test
        void fiveMinuteLimitBelowOneMinuteLimit() {
            assertEquals(new ConfigProblem(FILE, "gate.rf_max_per_5_minutes", 5, "must be at least rf_max_per_minute (30), got 10"),
                    onlyProblem(TCP_LINK + "[gate]\nrf_max_per_5_minutes = 10\n"));
        }

        @Test
        void syntaxErrorGivesItsLine() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    name = "a"
                    callsign =
                    """ + TCP_LINK);
            assertEquals("station.callsign", p.keyPath());
            assertEquals(3, p.line());
            assertTrue(p.message().startsWith("TOML syntax error: "), p::toString);
        }

        @Test
        void unterminatedTableHeader() {
            ConfigProblem p = onlyProblem("[station]\nname = \"a\"\n\n[store\n");
            assertEquals(4, p.line(), p::toString);
            assertTrue(p.message().startsWith("TOML syntax error: "), p::toString);
        }

        @Test
        void duplicateKeyGivesTheLineOfTheSecond() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    name = "a"
                    name = "b"

                    """ + TCP_LINK);
            assertEquals(new ConfigProblem(FILE, "station.name", 3, "TOML syntax error: Duplicate key"), p);
        }

        @Test
        void adminListenMustBeHostAndPort() {
            assertProblem(onlyProblem(TCP_LINK + "[admin]\nlisten = \"8080\"\n"), "admin.listen", 5,
                    "expected host:port with a port in 1..65535");
        }

        @Test
        void adminBeyondLoopbackNeedsToken() {
            assertProblem(onlyProblem(TCP_LINK + "[admin]\nlisten = \"0.0.0.0:8080\"\n"), "admin.listen", 5,
                    "listening on 0.0.0.0 (beyond this machine) needs token_file");
        }

        @Test
        void nodeUriChecks() {
            List<String> problems = problems(TCP_LINK + """
                    [[node]]
                    name = "a"
                    uri = "bitcoin://127.0.0.1:18444?network=regnet"
                    [[node]]
                    name = "b"
                    uri = "jsonl://127.0.0.1?max-line-bytes=10"
                    [[node]]
                    name = "c"
                    uri = "ethereum://127.0.0.1:30303"
                    [[node]]
                    name = "d"
                    uri = "bitcoin://127.0.0.1:18444?network=regtest&magic=1"
                    """);
            assertEquals(List.of(
                    "station.toml:6: node[0].uri: node URI 'bitcoin://127.0.0.1:18444?network=regnet': unknown Bitcoin network"
                            + " 'regnet' (known: mainnet|main, testnet3|testnet|test, signet, regtest)",
                    "station.toml:9: node[1].uri: link URI 'jsonl://127.0.0.1?max-line-bytes=10': parameter 'max-line-bytes' must be in 11264..16777216 (got 10)",
                    "station.toml:12: node[2].uri: node URI 'ethereum://127.0.0.1:30303': unknown scheme 'ethereum' (known: bitcoin, jsonl)",
                    "station.toml:15: node[3].uri: node URI 'bitcoin://127.0.0.1:18444?network=regtest&magic=1': parameter"
                            + " 'magic' magic must be 8 hex digits (4 wire bytes), got '1'"), problems);
        }
    }

    @Nested
    class LinkUris {

        @Test
        void unknownSchemeAtTheUriLine() {
            assertEquals(new ConfigProblem(FILE, "link[0].uri", 3,
                    "link URI 'vara-hf://127.0.0.1:8300': unknown scheme 'vara-hf' (known: kiss-serial, kiss-tcp, sim, tcp, tcp-listen)"),
                    onlyProblem("[[link]]\nname = \"hf\"\nuri = \"vara-hf://127.0.0.1:8300\"\n"));
        }

        @Test
        void transportRefusalAtTheUriLine() {
            assertEquals(new ConfigProblem(FILE, "link[0].uri", 3, "link URI 'tcp://127.0.0.1' needs a port, as in tcp://127.0.0.1:PORT"),
                    onlyProblem("[[link]]\nname = \"net\"\nuri = \"tcp://127.0.0.1\"\n"));
        }

        @Test
        void transportRefusalOfATableParamAtItsLine() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "vhf"
                    uri = "kiss-tcp://127.0.0.1:8001"
                    [link.params]
                    path = "WIDE1-1"
                    txdelay = 300
                    """);
            assertProblem(p, "link[0].params.txdelay", 8, "parameter 'txdelay' must be in 0..255 (got 300)");
        }

        @Test
        void paramInBothUriAndTableRefused() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "vhf"
                    uri = "kiss-tcp://127.0.0.1:8001?txdelay=30"
                    [link.params]
                    txdelay = 40
                    """);
            assertEquals(new ConfigProblem(FILE, "link[0].params.txdelay", 7,
                    "parameter 'txdelay' is given both here and in the uri (line 5); keep one"), p);
        }

        @Test
        void paramMustBeScalar() {
            assertProblem(onlyProblem(TCP_LINK + "params = { max_frame = [1, 2] }\n"), "link[0].params.max_frame", 4,
                    "expected a string, integer, float or boolean, got array");
        }

        @Test
        void unparsableUri() {
            assertProblem(onlyProblem("[[link]]\nname = \"x\"\nuri = \"127.0.0.1:7373\"\n"), "link[0].uri", 3, "link URI '127.0.0.1:7373'");
        }
    }

    @Nested
    class Authentication {

        @TempDir
        Path dir;

        private Path keyFile() throws Exception {
            Path file = dir.resolve("station.key");
            if (!Files.exists(file)) {
                KeyFile.write(file, StationKey.generate(new SecureRandom()), false);
            }
            return file;
        }

        private String peer() {
            return StationKey.generate(new SecureRandom()).id().hex();
        }

        @Test
        void keyFileIsReadRelativeToTheDataDirectory() throws Exception {
            keyFile();
            SkywaveConfig config = load("""
                    [station]
                    data_dir = "%s"
                    key_file = "station.key"
                    trusted_peers = ["%s"]
                    [[link]]
                    name = "net"
                    uri = "tcp://127.0.0.1:7373"
                    auth = "signature"
                    """.formatted(dir, peer()));
            assertEquals(dir.resolve("station.key"), config.station().keyFile());
            assertEquals(LinkAuth.SIGNATURE, config.links().get(0).auth());
        }

        @Test
        void signatureNeedsAKeyFileAndTrustedPeers() {
            assertEquals(List.of(
                    "station.toml:4: link[0].auth: auth = \"signature\" needs the station key: set key_file in [station]"
                            + " (create one with: skywave keygen)",
                    "station.toml:4: link[0].auth: auth = \"signature\" accepts frames from trusted peers only: list their"
                            + " station ids in [station] trusted_peers"),
                    problems(TCP_LINK + "auth = \"signature\"\n"));
        }

        @Test
        void unreadableKeyFileGivesKeyFilesMessageAtItsLine() throws Exception {
            Path missing = dir.resolve("missing.key");
            ConfigProblem p = onlyProblem("[station]\nname = \"a\"\nkey_file = \"" + missing + "\"\n" + TCP_LINK);
            assertProblem(p, "station.key_file", 3, "no such file (create one with: skywave keygen --out " + missing + ")");

            Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key\n");
            Files.setPosixFilePermissions(garbage, KeyFile.FILE_PERMISSIONS);
            assertProblem(onlyProblem("[station]\nkey_file = \"" + garbage + "\"\n" + TCP_LINK), "station.key_file", 2,
                    garbage.toString());
        }

        @Test
        void badTrustedPeersAreReportedWithTheirIndex() {
            List<String> problems = problems("""
                    [station]
                    trusted_peers = ["%s", "abc", "%s"]
                    """.formatted(peer(), "zz" + peer().substring(2)) + TCP_LINK);
            assertEquals(2, problems.size(), problems::toString);
            assertTrue(problems.get(0).startsWith("station.toml:2: station.trusted_peers[1]: a station id is 64 hex digits"),
                    problems.get(0));
            assertTrue(problems.get(1).startsWith("station.toml:2: station.trusted_peers[2]: a station id is hex digits only;"
                    + " character 1 of"), problems.get(1));
            assertEquals(List.of("station.toml:2: station.trusted_peers[1]: expected a string, got integer 7"),
                    problems("[station]\ntrusted_peers = [\"" + peer() + "\", 7]\n" + TCP_LINK));
            String twice = peer();
            assertEquals(1, problems("[station]\ntrusted_peers = [\"" + twice + "\", \"" + twice.toUpperCase(java.util.Locale.ROOT)
                    + "\"]\n" + TCP_LINK).stream().filter(p -> p.contains("trusted_peers[1]: station ") && p.endsWith("is listed twice")).count());
        }

        @Test
        void adminTokenFileIsReadAsTheDaemonReadsIt() throws Exception {
            Path missing = dir.resolve("admin.token");
            assertProblem(onlyProblem(TCP_LINK + "[admin]\ntoken_file = \"" + missing + "\"\n"), "admin.token_file", 5,
                    "admin token file " + missing + " does not exist");
            Path shortToken = Files.writeString(dir.resolve("short.token"), "abc\n");
            assertProblem(onlyProblem(TCP_LINK + "[admin]\ntoken_file = \"" + shortToken + "\"\n"), "admin.token_file", 5,
                    "is 3 characters, under the minimum of 16");
        }

        @Test
        void macNeedsASecretFileOfSixteenBytes() throws Exception {
            assertEquals(List.of("station.toml:4: link[0].auth: auth = \"mac\" needs mac_secret_file: the file holding the"
                    + " secret shared with the far station"), problems(TCP_LINK + "auth = \"mac\"\n"));

            Path shortSecret = Files.writeString(dir.resolve("short.secret"), "fifteen bytes..\n");
            assertProblem(onlyProblem(TCP_LINK + "auth = \"mac\"\nmac_secret_file = \"" + shortSecret + "\"\n"),
                    "link[0].mac_secret_file", 5, "the secret is 15 bytes, fewer than the 16 a MAC needs");
            assertProblem(onlyProblem(TCP_LINK + "auth = \"mac\"\nmac_secret_file = \"" + dir.resolve("none") + "\"\n"),
                    "link[0].mac_secret_file", 5, "no such file");
        }

        @Test
        void macSecretFileIsReadRelativeToTheDataDirectory() throws Exception {
            Files.writeString(dir.resolve("link.secret"), "sixteen bytes!!!");
            SkywaveConfig config = load("[station]\ndata_dir = \"" + dir + "\"\n" + TCP_LINK
                    + "auth = \"mac\"\nmac_secret_file = \"link.secret\"\n");
            assertEquals(dir.resolve("link.secret"), config.links().get(0).macSecretFile());
            assertEquals(8, config.links().get(0).macBytes(), "the default");
        }

        @Test
        void macBytesRangeAndMacKeysOnOtherLinks() throws Exception {
            Path secret = Files.writeString(dir.resolve("link.secret"), "sixteen bytes!!!");
            assertProblem(onlyProblem(TCP_LINK + "auth = \"mac\"\nmac_secret_file = \"" + secret + "\"\nmac_bytes = 3\n"),
                    "link[0].mac_bytes", 6, "3");
            assertProblem(onlyProblem(TCP_LINK + "auth = \"mac\"\nmac_secret_file = \"" + secret + "\"\nmac_bytes = 33\n"),
                    "link[0].mac_bytes", 6, "33");
            assertEquals(List.of(
                    "station.toml:4: link[0].mac_secret_file: applies to auth = \"mac\" only (this link has auth = \"none\")",
                    "station.toml:5: link[0].mac_bytes: applies to auth = \"mac\" only (this link has auth = \"none\")"),
                    problems(TCP_LINK + "mac_secret_file = \"" + secret + "\"\nmac_bytes = 8\n"));
        }
    }

    @Nested
    class RadioRules {

        @Test
        void noCallsignRefusedOnStation() {
            assertProblem(onlyProblem("[station]\ncallsign = \"N0CALL\"\n" + TCP_LINK), "station.callsign", 2,
                    "'N0CALL' is a placeholder, not a licensed callsign");
        }

        @Test
        void noCallsignWithSsidRefusedOnRadioLink() {
            ConfigProblem p = onlyProblem("""
                    [station]
                    callsign = "K1ABC"
                    [[link]]
                    name = "radio"
                    uri = "sim:ax25-1200"
                    callsign = "n0call-7"
                    """);
            assertProblem(p, "link[0].callsign", 6, "'n0call-7' is a placeholder, not a licensed callsign");
        }

        @Test
        void noCallsignRefusedInUriParameter() {
            assertProblem(onlyProblem("[[link]]\nname = \"radio\"\nuri = \"sim:ax25-1200?callsign=N0CALL-1\"\n"),
                    "link[0].uri", 3, "parameter 'callsign': 'N0CALL-1' is a placeholder");
        }

        @Test
        void noCallsignRefusedInParamsTable() {
            assertProblem(onlyProblem("[[link]]\nname = \"radio\"\nuri = \"sim:ax25-1200\"\n[link.params]\ncallsign = \"N0CALL\"\n"),
                    "link[0].params.callsign", 5, "is a placeholder");
        }

        @Test
        void radioLinkNeedsACallsign() {
            assertEquals(new ConfigProblem(FILE, "link[0].callsign", 1,
                    "a radio link ('sim') must identify with the operator's licensed callsign: set callsign in [station] or in this link"),
                    onlyProblem("[[link]]\nname = \"radio\"\nuri = \"sim:ax25-1200\"\n"));
        }

        @Test
        void malformedCallsignsRefused() {
            assertProblem(onlyProblem("[station]\ncallsign = \"K1ABC-16\"\n" + TCP_LINK), "station.callsign", 2, "SSID 16 is outside 0..15");
            assertProblem(onlyProblem("[station]\ncallsign = \"KABCDE\"\n" + TCP_LINK), "station.callsign", 2, "is not a callsign");
            assertProblem(onlyProblem("[station]\ncallsign = \"K1ABCDEF\"\n" + TCP_LINK), "station.callsign", 2, "is not a callsign");
        }

        @Test
        void encryptionRefusedOnRadioLink() {
            assertEquals(new ConfigProblem(FILE, "link[0].encrypt", 5,
                    "no encryption on amateur radio links (signatures and MACs only); use auth = \"signature\" or \"mac\""),
                    onlyProblem("[[link]]\nname = \"radio\"\nuri = \"sim:ax25-1200\"\ncallsign = \"K1ABC\"\nencrypt = true\n"));
        }

        @Test
        void encryptionNotYetOnInternetLink() {
            assertProblem(onlyProblem(TCP_LINK + "encrypt = true\n"), "link[0].encrypt", 4, "not supported yet");
        }

        @Test
        void callsignOnInternetLinkRefused() {
            assertProblem(onlyProblem(TCP_LINK + "callsign = \"K1ABC\"\n"), "link[0].callsign", 4, "applies to radio links only");
        }

        @Test
        void callsignGivenTwiceOnOneLinkRefused() {
            assertProblem(onlyProblem("[[link]]\nname = \"radio\"\nuri = \"sim:ax25-1200?callsign=K1ABC\"\ncallsign = \"K1ABC-1\"\n"),
                    "link[0].callsign", 4, "the callsign is also given as parameter 'callsign' (line 3); keep one");
        }
    }

    @Nested
    class ManyProblems {

        @Test
        void everyProblemReportedAtOnceInFileOrder() throws IOException {
            Path file = Path.of("src/test/resources/config/many-problems.toml");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, FakeTransport.registry()));
            List<String> expected = Files.readAllLines(Path.of("src/test/resources/config/many-problems.expected"), StandardCharsets.UTF_8);
            assertEquals(String.join("\n", expected), e.getMessage());
            assertEquals(expected.size(), e.problems().size());
        }
    }

    @Nested
    class UnreadableFiles {

        @Test
        void missingFile(@TempDir Path dir) {
            Path file = dir.resolve("nope.toml");
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, FakeTransport.registry()));
            assertEquals(List.of(new ConfigProblem(file, "", 0, "no such file")), e.problems());
            assertEquals(file + ": no such file", e.getMessage());
        }

        @Test
        void notUtf8(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("latin1.toml");
            Files.write(file, new byte[] {'#', ' ', (byte) 0xE9, '\n'});
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, FakeTransport.registry()));
            assertEquals("not UTF-8 text (TOML files are UTF-8)", e.problems().get(0).message());
        }

        @Test
        void oversizedFile(@TempDir Path dir) throws IOException {
            Path file = dir.resolve("big.toml");
            Files.write(file, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, FakeTransport.registry()));
            assertEquals("file is 1048577 bytes, more than the 1048576 a config file may have", e.problems().get(0).message());
        }
    }
}
