package io.cambium.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model or weights file that is truncated, corrupt, hostile or does not fit what is loaded.
 * The message starts with the file's path; text taken from the file is escaped and the message
 * is at most {@value Printable#MAX_MESSAGE} characters (see {@link Printable}).
 */
public final class InvalidFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}; the message starts with the file's path. */
    public InvalidFileException(Path file, String problem) {
        super(message(file, problem));
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public InvalidFileException(Path file, String problem, Throwable cause) {
        super(message(file, problem), cause);
    }

    private static String message(Path file, String problem) {
        return Printable.clean("file '" + file + "': " + problem);
    }
}
