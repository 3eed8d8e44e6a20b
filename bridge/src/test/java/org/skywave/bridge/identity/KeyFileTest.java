package org.skywave.bridge.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFileTest {

    @TempDir
    Path dir;

    private final StationKey key = StationKey.generate(new SeededSecureRandom(40));
    private final String seedHex = HexFormat.of().formatHex(key.seed());

    private Path file(String text, String permissions) throws IOException {
        Path file = dir.resolve("station.key");
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private KeyFileException readFails(Path file) {
        return assertThrows(KeyFileException.class, () -> KeyFile.read(file));
    }

    @Nested
    class Writing {

        @Test
        void writesOwnerOnlyFileThatReadsBackTheSameKey() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            StationKey loaded = KeyFile.read(file);
            assertEquals(key.id(), loaded.id());
            byte[] message = {1, 2, 3};
            assertTrue(StationKey.verify(key.publicKey(), message, loaded.sign(message)));
            assertArrayEquals(key.sign(message), loaded.sign(message), "Ed25519 is deterministic: same key, same signature");
        }

        @Test
        void fileTextIsTheDocumentedFormat() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            assertEquals(List.of(
                    "# Skywave station key. Keep it secret: whoever holds it can sign as this station.",
                    "# Give peers the station id below (it is public), never this file.",
                    "skywave-ed25519-v1 " + seedHex,
                    "# station id: " + key.id().hex(),
                    "# fingerprint: " + key.id().fingerprint()), Files.readAllLines(file, StandardCharsets.US_ASCII));
        }

        @Test
        void createsMissingDirectoriesOwnerOnly() throws IOException {
            Path file = dir.resolve("a/b/station.key");
            KeyFile.write(file, key, false);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a"))));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))));
            assertEquals(key.id(), KeyFile.read(file).id());
        }

        @Test
        void refusesToReplaceAnExistingKeyAndLeavesItIntact() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            byte[] before = Files.readAllBytes(file);
            StationKey other = StationKey.generate(new SeededSecureRandom(41));
            KeyFileException e = assertThrows(KeyFileException.class, () -> KeyFile.write(file, other, false));
            assertEquals(file + ": already exists; refusing to replace a station key (its station id would be lost"
                    + " to the peers that trust it); use --force to replace it", e.getMessage());
            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(List.of(file), listing(), "no temporary file left behind");
        }

        @Test
        void replaceOverwritesAndKeepsPermissions() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            StationKey other = StationKey.generate(new SeededSecureRandom(42));
            KeyFile.write(file, other, true);
            assertEquals(other.id(), KeyFile.read(file).id());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals(List.of(file), listing(), "no temporary file left behind");
        }

        @Test
        void refusesToReplaceEvenADanglingSymlink() throws IOException {
            Path file = dir.resolve("station.key");
            Files.createSymbolicLink(file, dir.resolve("elsewhere"));
            assertThrows(KeyFileException.class, () -> KeyFile.write(file, key, false));
            assertFalse(Files.exists(dir.resolve("elsewhere")));
        }

        private List<Path> listing() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.toList();
            }
        }
    }

    @Nested
    class Reading {

        @Test
        void refusesFileReadableByOthers() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertEquals(file + ": permissions rw-r--r-- let group or others at the station key; it must be readable"
                    + " by its owner only (run: chmod 600 " + file + ")", readFails(file).getMessage());
        }

        @Test
        void refusesFileReadableOrWritableByGroup() throws IOException {
            for (String permissions : new String[] {"rw-r-----", "rw--w----", "rw-----w-", "r-------x"}) {
                Path file = file("skywave-ed25519-v1 " + seedHex + "\n", permissions);
                assertTrue(readFails(file).getMessage().contains("permissions " + permissions + " let group or others"),
                        permissions);
            }
        }

        @Test
        void acceptsReadOnlyOwnerFileWithCrlfAndOwnComments() throws IOException {
            Path file = file("# my station\r\n\r\n  skywave-ed25519-v1   " + seedHex.toUpperCase() + "  \r\n", "r--------");
            assertEquals(key.id(), KeyFile.read(file).id());
        }

        @Test
        void missingFile() {
            Path file = dir.resolve("absent.key");
            assertEquals(file + ": no such file (create one with: skywave keygen --out " + file + ")",
                    readFails(file).getMessage());
        }

        @Test
        void wrongHeader() throws IOException {
            Path file = file("ssh-ed25519 " + seedHex + "\n", "rw-------");
            assertEquals(file + ": line 1: unknown key format 'ssh-ed25519' (supported: skywave-ed25519-v1)",
                    readFails(file).getMessage());
        }

        @Test
        void seedOfWrongLength() throws IOException {
            Path file = file("# c\nskywave-ed25519-v1 " + seedHex.substring(1) + "\n", "rw-------");
            assertEquals(file + ": line 2: the private seed must be 64 hex digits (32 bytes), got 63 characters",
                    readFails(file).getMessage());
        }

        @Test
        void seedNotHexIsReportedWithoutEchoingTheSeed() throws IOException {
            String bad = seedHex.substring(0, 5) + "z" + seedHex.substring(6);
            Path file = file("skywave-ed25519-v1 " + bad + "\n", "rw-------");
            String message = readFails(file).getMessage();
            assertEquals(file + ": line 1: the private seed must be hex digits; character 6 of it is not", message);
            assertFalse(message.contains(bad.substring(0, 5) + "z"));
        }

        @Test
        void base64SeedIsNotHex() throws IOException {
            Path file = file("skywave-ed25519-v1 " + java.util.Base64.getEncoder().encodeToString(key.seed()) + "\n", "rw-------");
            assertEquals(file + ": line 1: the private seed must be 64 hex digits (32 bytes), got 44 characters",
                    readFails(file).getMessage());
        }

        @Test
        void extraFieldsOnTheKeyLine() throws IOException {
            Path file = file("skywave-ed25519-v1 " + seedHex + " " + key.id().hex() + "\n", "rw-------");
            assertEquals(file + ": line 1: expected 'skywave-ed25519-v1 <64 hex digits>', found 2 fields after the header",
                    readFails(file).getMessage());
        }

        @Test
        void emptyFileAndCommentsOnly() throws IOException {
            for (String text : new String[] {"", "# nothing here\n\n"}) {
                Path file = file(text, "rw-------");
                assertEquals(file + ": no key line: expected 'skywave-ed25519-v1 <64 hex digits>'", readFails(file).getMessage());
            }
        }

        @Test
        void twoKeyLines() throws IOException {
            Path file = file("skywave-ed25519-v1 " + seedHex + "\n# x\nskywave-ed25519-v1 " + seedHex + "\n", "rw-------");
            assertEquals(file + ": line 3: a second key line (the first is line 1); a key file holds one key",
                    readFails(file).getMessage());
        }

        @Test
        void damagedSeedIsCaughtByTheRecordedStationId() throws IOException {
            Path file = dir.resolve("station.key");
            KeyFile.write(file, key, false);
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            char flipped = seedHex.charAt(10) == '0' ? '1' : '0';
            String damagedSeed = seedHex.substring(0, 10) + flipped + seedHex.substring(11);
            Files.writeString(file, text.replace(seedHex, damagedSeed), StandardCharsets.US_ASCII);
            String message = readFails(file).getMessage();
            assertTrue(message.startsWith(file + ": line 4: the station id recorded there is not the public key of the"
                    + " seed on line 3 ("), message);
            assertTrue(message.endsWith("): the file is damaged or was edited"), message);
        }

        @Test
        void binaryFile() throws IOException {
            Path file = dir.resolve("station.key");
            Files.write(file, new byte[] {'s', 'k', 0, 1});
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertEquals(file + ": byte 0x00 at offset 2 is not printable ASCII: not a station key file",
                    readFails(file).getMessage());
        }

        @Test
        void oversizedFile() throws IOException {
            Path file = file("#".repeat(KeyFile.MAX_FILE_BYTES + 1), "rw-------");
            assertEquals(file + ": is 4097 bytes, more than the 4096 a station key file can be", readFails(file).getMessage());
        }
    }
}
