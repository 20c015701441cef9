package io.cambium.nn.io;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The reason of an I/O failure in words. Java's file-system exceptions often carry only the path
 * ({@code AccessDeniedException: model.cambium}), so a message built from them repeats the path
 * without saying what went wrong.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** Why {@code e} happened, without the path: "permission denied", "no such file", ... */
    public static String reason(IOException e) {
        if (e instanceof InvalidFileException) {
            return e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text (a binary file?)";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : Printable.clean(m, 300);
    }

    /**
     * Why {@code e} happened while working on {@code wanted}: the reason, preceded by the path it
     * concerns when that is another one (a parent directory that is a file, say).
     */
    public static String reason(Path wanted, IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null && !(e instanceof InvalidFileException)
                && !Path.of(f.getFile()).toAbsolutePath().equals(wanted.toAbsolutePath())) {
            return f.getFile() + ": " + reason(e);
        }
        return reason(e);
    }

    /**
     * {@code e} as an exception whose message names {@code file} and the reason, keeping its type
     * where callers might test it (a missing file stays a {@link NoSuchFileException}).
     */
    public static IOException withPath(Path file, IOException e) {
        if (e instanceof InvalidFileException) {
            return e;
        }
        String reason = reason(e);
        IOException out;
        if (e instanceof NoSuchFileException) {
            out = new NoSuchFileException(file.toString(), null, reason);
        } else if (e instanceof AccessDeniedException) {
            out = new AccessDeniedException(file.toString(), null, reason);
        } else {
            out = new FileSystemException(file.toString(), null, reason);
        }
        out.initCause(e);
        return out;
    }
}
