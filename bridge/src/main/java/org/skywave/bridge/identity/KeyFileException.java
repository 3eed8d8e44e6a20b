package org.skywave.bridge.identity;

import java.io.IOException;
import java.nio.file.Path;

/** A station key file that cannot be written or used: the message names the file and the problem. */
public class KeyFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public KeyFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public KeyFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The key file concerned. */
    public Path file() {
        return file;
    }
}
