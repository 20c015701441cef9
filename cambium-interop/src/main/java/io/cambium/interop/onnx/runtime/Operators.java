package io.cambium.interop.onnx.runtime;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The ONNX operators (default domain) that an imported model may use, by op type. */
public final class Operators {
    private static final Map<String, OnnxOp> OPS = new HashMap<>();

    static {
        ElementwiseOps.register(OPS);
        ShapeOps.register(OPS);
        NnOps.register(OPS);
        RecurrentOps.register(OPS);
    }

    private Operators() {
    }

    /** The implementation of an op type, or {@code null}. */
    public static OnnxOp get(String opType) {
        return OPS.get(opType);
    }

    /** The supported op types, sorted. */
    public static Set<String> supported() {
        return Collections.unmodifiableSet(new TreeSet<>(OPS.keySet()));
    }
}
