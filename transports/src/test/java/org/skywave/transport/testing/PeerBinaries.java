package org.skywave.transport.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the programs test peers run; a missing one fails with the Debian package to install. */
public final class PeerBinaries {

    private PeerBinaries() {
    }

    /** The absolute path of {@code program} on PATH, or an error naming the apt package that provides it. */
    public static String require(String program, String aptPackage) {
        String pathVariable = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("'" + program + "' not found on PATH: install it with "
                + "'apt-get install " + aptPackage + "' (or run .ci/install-test-peers.sh as root)");
    }

    /** Fails, naming the package, unless {@code file} exists (a library or plugin rather than a program). */
    public static void requireFile(String description, String aptPackage, Path... candidates) {
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return;
            }
        }
        throw new IllegalStateException(description + " not found: install it with 'apt-get install " + aptPackage
                + "' (or run .ci/install-test-peers.sh as root)");
    }
}
