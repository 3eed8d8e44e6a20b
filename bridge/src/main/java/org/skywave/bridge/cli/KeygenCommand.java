package org.skywave.bridge.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.skywave.bridge.identity.KeyFile;
import org.skywave.bridge.identity.KeyFileException;
import org.skywave.bridge.identity.StationId;
import org.skywave.bridge.identity.StationKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code skywave keygen}: writes a new station key and prints the station id to give to peers. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Writes a new Ed25519 station key (readable by its owner only) and prints the station id"
                + " that peer stations list as trusted.")
public final class KeygenCommand implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;

    /** Next to the queue database in the default data directory ({@code [station] data_dir}). */
    static final Path DEFAULT_KEY_FILE = Path.of("./skywave-data/station.key");

    private final Supplier<SecureRandom> randoms;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the key (default: ${DEFAULT-VALUE}).")
    private Path out = DEFAULT_KEY_FILE;

    @Option(names = "--force", description = "Replace an existing key file; the old station id is lost.")
    private boolean force;

    @Spec
    private CommandSpec spec;

    public KeygenCommand() {
        this(SecureRandom::new);
    }

    /** With keys drawn from {@code randoms}. */
    public KeygenCommand(Supplier<SecureRandom> randoms) {
        this.randoms = Objects.requireNonNull(randoms, "randoms");
    }

    @Override
    public Integer call() {
        StationKey key = StationKey.generate(randoms.get());
        try {
            KeyFile.write(out, key, force);
        } catch (KeyFileException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return EXIT_FAILED;
        }
        StationId id = key.id();
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("wrote " + out + " (rw-------)");
        stdout.println("station id:  " + id.hex());
        stdout.println("fingerprint: " + id.fingerprint());
        stdout.println("Give the station id to the operators of peer stations for their trusted list.");
        stdout.flush();
        return EXIT_OK;
    }
}
