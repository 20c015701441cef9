package io.cambium.interop.onnx.runtime;

import java.util.List;

/** One ONNX operator computed with Cambium's differentiable tensor operations. */
@FunctionalInterface
public interface OnnxOp {
    /** The node's outputs ({@link io.cambium.tensor.Tensor} or {@link IntArray} each) for its inputs. */
    List<Object> run(OpCall call);
}
