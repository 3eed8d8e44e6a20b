package org.skywave.bridge.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.SeededSecureRandom;
import org.skywave.bridge.identity.StationKey;
import picocli.CommandLine;

class KeygenCommandTest {

    @TempDir
    Path dir;

    private final AtomicLong seeds = new AtomicLong(50);
    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine commandLine = new CommandLine(new KeygenCommand(() -> new SeededSecureRandom(seeds.getAndIncrement())));
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    @Test
    void writesOwnerOnlyKeyAndPrintsItsStationId() throws IOException {
        Path file = dir.resolve("data/station.key");
        assertEquals(0, run("--out", file.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        StationKey key = KeyFile.read(file);
        String n = System.lineSeparator();
        assertEquals("wrote " + file + " (rw-------)" + n
                + "station id:  " + key.id().hex() + n
                + "fingerprint: " + key.id().fingerprint() + n
                + "Give the station id to the operators of peer stations for their trusted list." + n, out.toString());
        assertEquals("", err.toString());
        byte[] message = {9, 8, 7};
        assertTrue(StationKey.verify(key.publicKey(), message, key.sign(message)));
    }

    @Test
    void refusesToOverwriteWithoutForce() throws IOException {
        Path file = dir.resolve("station.key");
        assertEquals(0, run("--out", file.toString()));
        byte[] first = Files.readAllBytes(file);
        assertEquals(1, run("--out", file.toString()));
        assertEquals("", out.toString());
        assertEquals(file + ": already exists; refusing to replace a station key (its station id would be lost to the"
                + " peers that trust it); use --force to replace it" + System.lineSeparator(), err.toString());
        assertArrayEquals(first, Files.readAllBytes(file));
    }

    @Test
    void forceReplacesTheKey() throws IOException {
        Path file = dir.resolve("station.key");
        assertEquals(0, run("--out", file.toString()));
        String first = KeyFile.read(file).id().hex();
        assertEquals(0, run("--out", file.toString(), "--force"));
        String second = KeyFile.read(file).id().hex();
        assertTrue(!first.equals(second), "a new key");
        assertTrue(out.toString().contains("station id:  " + second), out.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void defaultPathIsInTheDefaultDataDirectory() {
        CommandLine commandLine = new CommandLine(new KeygenCommand());
        assertEquals(Path.of("./skywave-data/station.key"),
                commandLine.getCommandSpec().findOption("--out").getValue());
        assertTrue(commandLine.getUsageMessage().contains("default: ./skywave-data/station.key"), commandLine.getUsageMessage());
    }
}
