package io.cambium.compress;

import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;

/** Rebuilding Sequential models layer by layer, for the compression transforms. */
public final class Models {
    private Models() {
    }

    /**
     * The model as a {@link Sequential} with a known input shape.
     *
     * @throws IllegalArgumentException for a functional model or one that is not built
     */
    public static Sequential sequential(Model model, String what) {
        if (!(model instanceof Sequential s)) {
            throw new IllegalArgumentException(what + " works on Sequential models; got " + model.describe());
        }
        if (s.builtInputShape() == null) {
            throw new IllegalArgumentException(what + ": " + model.describe() + " is not built (give it an input shape)");
        }
        return s;
    }

    /** A new Sequential with the same input shape whose layers are {@code map(layer)} of the old ones. */
    public static Sequential mapLayers(Sequential model, UnaryOperator<Layer> map) {
        Sequential out = new Sequential();
        int[] in = model.builtInputShape();
        out.input(java.util.Arrays.copyOfRange(in, 1, in.length));
        for (Layer l : model.layers()) {
            out.add(map.apply(l));
        }
        return out;
    }

    /** An independent copy of a layer: the same config (and name) and a copy of its weights. */
    public static Layer copy(Layer l) {
        Layer c = LayerRegistry.create(l.className(), l.config());
        List<Tensor> w = l.getWeights();
        if (!w.isEmpty()) {
            List<int[]> shapes = l.lastInputShapes();
            if (shapes == null) {
                throw new IllegalStateException(l.describe() + ": cannot copy a layer that has not seen its input shape");
            }
            c.ensureBuilt(shapes);
            c.setWeights(w);
        }
        return c;
    }

    /** The number of parameters of every layer, summed. */
    public static long parameters(Model m) {
        return m.countParams();
    }

    /** Floating-point operations of one forward pass for one sample. */
    public static long flops(Sequential m) {
        return m.flops(List.of(m.builtInputShape()));
    }
}
