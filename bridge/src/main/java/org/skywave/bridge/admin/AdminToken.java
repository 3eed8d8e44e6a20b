package org.skywave.bridge.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.tinylog.Logger;

/**
 * The bearer token that requests changing state must present ({@code Authorization: Bearer T}).
 *
 * <p>Both the presented and the expected token are hashed with SHA-256 and the digests compared
 * with {@link MessageDigest#isEqual}, whose time does not depend on where they differ; hashing
 * first also hides the token's length, since every digest is 32 bytes.
 */
public final class AdminToken {

    /** Shorter tokens can be guessed; 16 characters of a random hex or base64 string are 64 bits or more. */
    static final int MIN_LENGTH = 16;

    /** A token file holds one line; anything this large is the wrong file. */
    static final int MAX_FILE_BYTES = 4_096;

    private static final String SCHEME = "bearer";

    private final byte[] expectedDigest;
    private final BiPredicate<byte[], byte[]> equality;

    AdminToken(String token, BiPredicate<byte[], byte[]> equality) {
        Objects.requireNonNull(token, "token");
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("token shorter than " + MIN_LENGTH + " characters: " + token.length());
        }
        this.expectedDigest = sha256(token);
        this.equality = Objects.requireNonNull(equality, "equality");
    }

    AdminToken(String token) {
        this(token, MessageDigest::isEqual);
    }

    /**
     * Reads the token from {@code file}: its content without surrounding whitespace.
     *
     * @throws IOException naming the file and the problem (missing, unreadable, empty, too short, too large)
     */
    public static AdminToken load(Path file) throws IOException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IOException("admin token file " + file + " is " + size + " bytes, over the "
                        + MAX_FILE_BYTES + "-byte limit for one token line");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException("admin token file " + file + " does not exist", e);
        }
        String token = new String(bytes, StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            throw new IOException("admin token file " + file + " is empty");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IOException("the token in " + file + " is " + token.length() + " characters, under the minimum of "
                    + MIN_LENGTH + " (make one with: openssl rand -hex 32)");
        }
        warnIfOthersCanRead(file);
        return new AdminToken(token);
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                Logger.warn("admin: token file {} can be read by every user; chmod 600 it", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    /** True if {@code authorization} (the header's value, or null) presents this token. */
    boolean matches(String authorization) {
        String presented = "";
        if (authorization != null) {
            int space = authorization.indexOf(' ');
            if (space > 0 && authorization.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
                presented = authorization.substring(space + 1).strip();
            }
        }
        // Compared even when nothing was presented, so a missing header takes the same path.
        return equality.test(sha256(presented), expectedDigest) && !presented.isEmpty();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
