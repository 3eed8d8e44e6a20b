package org.skywave.bridge.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.skywave.bridge.framing.HmacFrameAuthenticator;

/**
 * Reads the secret a MAC link shares with its far station: the file's bytes, less one trailing
 * newline (so that a secret written with {@code echo} matches one written without).
 */
public final class MacSecrets {

    /** Far beyond any sensible secret; stops a wrong path (a log, a disk image) from filling the heap. */
    public static final int MAX_FILE_BYTES = 4096;

    private MacSecrets() {
    }

    /**
     * The secret in {@code file}, at least {@link HmacFrameAuthenticator#MIN_SECRET_BYTES} bytes.
     *
     * @throws IOException naming the file and what is wrong: missing, unreadable, too long or too short
     */
    public static byte[] read(Path file) throws IOException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IOException(file + ": is " + size + " bytes, more than the " + MAX_FILE_BYTES + " a MAC secret file may have");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        }
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\n') {
            length--;
            if (length > 0 && bytes[length - 1] == '\r') {
                length--;
            }
        }
        if (length < HmacFrameAuthenticator.MIN_SECRET_BYTES) {
            throw new IOException(file + ": the secret is " + length + " bytes, fewer than the "
                    + HmacFrameAuthenticator.MIN_SECRET_BYTES + " a MAC needs");
        }
        return Arrays.copyOf(bytes, length);
    }
}
