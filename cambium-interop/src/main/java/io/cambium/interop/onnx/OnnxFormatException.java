package io.cambium.interop.onnx;

/**
 * An ONNX file or graph that Cambium rejects: truncated or malformed protobuf, a graph that is not
 * a valid DAG, a tensor too large or inconsistent, an external-data path outside the model's
 * folder, or an operator Cambium does not implement. The message names the file, node or tensor.
 */
public class OnnxFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message. */
    public OnnxFormatException(String message) {
        super(message);
    }

    /** An error with a message and its cause. */
    public OnnxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
