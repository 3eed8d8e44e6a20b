package org.skywave.bridge.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the station key file: readable by its owner only, because whoever reads it
 * can sign as the station.
 *
 * <p>Format, version 1: ASCII text, lines ending in LF (a CR before it is ignored), at most
 * {@link #MAX_FILE_BYTES} bytes. Blank lines and lines starting with {@code #} are comments,
 * except that a comment {@code # station id: <64 hex>}, when present, must match the key (it
 * catches a damaged seed, which would otherwise silently become another identity). Exactly one
 * other line, the key line:
 *
 * <pre>
 * skywave-ed25519-v1 &lt;64 hex digits: the 32-byte Ed25519 private seed (RFC 8032)&gt;
 * </pre>
 *
 * {@link #write} adds comments with the station id and fingerprint. It writes a temporary file
 * created with permissions {@code rw-------} (never readable by others, even for a moment),
 * forces it to disk, then links or renames it into place, so the key file is either absent,
 * the old one, or complete. {@link #read} refuses a file that group or others may read, as
 * OpenSSH does.
 */
public final class KeyFile {

    /** The first word of the key line; a later format gets a new word. */
    public static final String HEADER_V1 = "skywave-ed25519-v1";
    /** The comment prefix {@link #write} puts before the station id, checked by {@link #read}. */
    public static final String STATION_ID_COMMENT = "# station id: ";
    /** A version 1 file written by {@link #write} is under 400 bytes; room for operators' comments. */
    public static final int MAX_FILE_BYTES = 4096;
    /** Owner read and write, nothing else. */
    public static final Set<PosixFilePermission> FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    /** Directories {@link #write} creates: owner only. */
    public static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private KeyFile() {
    }

    /**
     * Writes {@code key} to {@code file}, creating missing parent directories with
     * {@link #DIRECTORY_PERMISSIONS}.
     *
     * @param replace whether an existing file is replaced (its key is then lost); otherwise an
     *                existing file is left as it is and this throws
     * @throws KeyFileException when the file exists and {@code replace} is false, when the file
     *                          system has no POSIX permissions, or on any I/O error
     */
    public static void write(Path file, StationKey key, boolean replace) throws KeyFileException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
            }
        } catch (UnsupportedOperationException e) {
            throw new KeyFileException(file, "the file system has no POSIX permissions, so the key could not be"
                    + " kept private to its owner", e);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot create directory " + directory + ": " + e, e);
        }
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw alreadyExists(file);
        }
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(FILE_PERMISSIONS);
        Path temporary;
        try {
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", ownerOnly);
        } catch (UnsupportedOperationException e) {
            throw new KeyFileException(file, "the file system has no POSIX permissions, so the key could not be"
                    + " kept private to its owner", e);
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot create a temporary file in " + directory + ": " + e, e);
        }
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer text = ByteBuffer.wrap(format(key).getBytes(StandardCharsets.US_ASCII));
                while (text.hasRemaining()) {
                    channel.write(text);
                }
                channel.force(true);
            }
            install(temporary, target, file, replace);
            syncDirectory(directory);
        } catch (KeyFileException e) {
            throw e;
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot write the key: " + e, e);
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Only a leftover private temporary file; the outcome is already decided.
            }
        }
    }

    /**
     * Reads the key in {@code file}.
     *
     * @throws KeyFileException naming the file and the problem: missing, readable by group or
     *                          others, too long, not ASCII text, no key line or more than one,
     *                          an unknown header, a seed of the wrong length or not hex, or a
     *                          station id comment that does not match the seed
     */
    public static StationKey read(Path file) throws KeyFileException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            checkPermissions(file);
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new KeyFileException(file, "is " + size + " bytes, more than the " + MAX_FILE_BYTES
                        + " a station key file can be");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(file, "no such file (create one with: skywave keygen --out " + file + ")", e);
        } catch (KeyFileException e) {
            throw e;
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot read: " + e, e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new KeyFileException(file, "is " + bytes.length + " bytes, more than the " + MAX_FILE_BYTES
                    + " a station key file can be");
        }
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if ((b < 0x20 || b > 0x7e) && b != '\n' && b != '\r' && b != '\t') {
                throw new KeyFileException(file, "byte 0x" + HexFormat.of().toHexDigits((byte) b) + " at offset " + i
                        + " is not printable ASCII: not a station key file");
            }
        }
        return parse(file, new String(bytes, StandardCharsets.US_ASCII));
    }

    /** The text {@link #write} stores for {@code key}. */
    static String format(StationKey key) {
        StationId id = key.id();
        return "# Skywave station key. Keep it secret: whoever holds it can sign as this station.\n"
                + "# Give peers the station id below (it is public), never this file.\n"
                + HEADER_V1 + " " + HexFormat.of().formatHex(key.seed()) + "\n"
                + STATION_ID_COMMENT + id.hex() + "\n"
                + "# fingerprint: " + id.fingerprint() + "\n";
    }

    private static StationKey parse(Path file, String text) throws KeyFileException {
        List<String> lines = text.lines().toList();
        String keyLine = null;
        int keyLineNumber = 0;
        String recordedId = null;
        int recordedIdLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith(STATION_ID_COMMENT.strip())) {
                recordedId = line.substring(STATION_ID_COMMENT.strip().length()).strip();
                recordedIdLine = i + 1;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (keyLine != null) {
                throw new KeyFileException(file, "line " + (i + 1) + ": a second key line (the first is line "
                        + keyLineNumber + "); a key file holds one key");
            }
            keyLine = line;
            keyLineNumber = i + 1;
        }
        if (keyLine == null) {
            throw new KeyFileException(file, "no key line: expected '" + HEADER_V1 + " <64 hex digits>'");
        }
        String[] fields = keyLine.split("[ \t]+");
        if (!fields[0].equals(HEADER_V1)) {
            throw new KeyFileException(file, "line " + keyLineNumber + ": unknown key format '" + shorten(fields[0])
                    + "' (supported: " + HEADER_V1 + ")");
        }
        if (fields.length != 2) {
            throw new KeyFileException(file, "line " + keyLineNumber + ": expected '" + HEADER_V1
                    + " <64 hex digits>', found " + (fields.length - 1) + " fields after the header");
        }
        // Never echo the seed: a broken secret is still mostly the secret.
        String seedHex = fields[1];
        if (seedHex.length() != 2 * StationKey.SEED_BYTES) {
            throw new KeyFileException(file, "line " + keyLineNumber + ": the private seed must be "
                    + 2 * StationKey.SEED_BYTES + " hex digits (" + StationKey.SEED_BYTES + " bytes), got "
                    + seedHex.length() + " characters");
        }
        for (int i = 0; i < seedHex.length(); i++) {
            if (Character.digit(seedHex.charAt(i), 16) < 0) {
                throw new KeyFileException(file, "line " + keyLineNumber + ": the private seed must be hex digits;"
                        + " character " + (i + 1) + " of it is not");
            }
        }
        StationKey key = StationKey.fromSeed(HexFormat.of().parseHex(seedHex));
        if (recordedId != null && !recordedId.equalsIgnoreCase(key.id().hex())) {
            throw new KeyFileException(file, "line " + recordedIdLine + ": the station id recorded there is not the"
                    + " public key of the seed on line " + keyLineNumber + " (" + key.id().hex()
                    + "): the file is damaged or was edited");
        }
        return key;
    }

    private static void checkPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            throw new KeyFileException(file, "the file system has no POSIX permissions, so the key cannot be"
                    + " known to be private to its owner");
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        Set<PosixFilePermission> exposed = EnumSet.noneOf(PosixFilePermission.class);
        exposed.addAll(permissions);
        exposed.retainAll(GROUP_OR_OTHERS);
        if (!exposed.isEmpty()) {
            throw new KeyFileException(file, "permissions " + PosixFilePermissions.toString(permissions)
                    + " let group or others at the station key; it must be readable by its owner only"
                    + " (run: chmod 600 " + file + ")");
        }
    }

    /** Puts the complete temporary file at {@code target}: a hard link when the target must not exist, else a rename. */
    private static void install(Path temporary, Path target, Path file, boolean replace) throws IOException {
        if (replace) {
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return;
        }
        try {
            // link() fails if the target exists, so a key written meanwhile is never replaced.
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException e) {
            throw alreadyExists(file);
        } catch (UnsupportedOperationException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw alreadyExists(file);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every platform can open a directory; the file itself is already on disk.
        }
    }

    private static KeyFileException alreadyExists(Path file) {
        return new KeyFileException(file, "already exists; refusing to replace a station key (its station id would"
                + " be lost to the peers that trust it); use --force to replace it");
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
