package io.cambium.nn;

/**
 * A saved or hand-written configuration (of a model, layer, optimizer or loss) that cannot be
 * read: an unknown key, a value of the wrong type or out of range. The message names the key's
 * path in the document, such as {@code config.layers[1].config.units}.
 */
public final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** A problem described by {@code message} (which names the key's path). */
    public InvalidConfigException(String message) {
        super(message);
    }

    /** A problem caused by {@code cause}. */
    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
