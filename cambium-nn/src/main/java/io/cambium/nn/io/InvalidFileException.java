package io.cambium.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model or weights file that is truncated, corrupt, hostile or does not fit what is loaded. */
public final class InvalidFileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}; the message starts with the file's path. */
    public InvalidFileException(Path file, String problem) {
        super("file '" + file + "': " + problem);
    }

    /** A problem with {@code file} caused by {@code cause}. */
    public InvalidFileException(Path file, String problem, Throwable cause) {
        super("file '" + file + "': " + problem, cause);
    }
}
