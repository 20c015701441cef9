package io.cambium.nn.layers.embedding;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Maps integer ids (given as a float tensor of whole numbers) to dense vectors (Keras's
 * Embedding): {@code (batch, ...) -> (batch, ..., outputDim)}, table {@code [inputDim, outputDim]}
 * initialized uniformly in [-0.05, 0.05]. With {@link #maskZero} id 0 is padding and a mask is
 * passed on to the recurrent layers that follow.
 */
public class Embedding extends FluentLayer<Embedding> {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private Initializer initializer = Initializers.randomUniform(-0.05, 0.05);
    private Variable embeddings;

    /** A table of {@code inputDim} vectors of size {@code outputDim}. */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: input_dim and output_dim must be positive, got " + inputDim
                    + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /** Treat id 0 as padding and emit a mask (default false). */
    public Embedding maskZero(boolean v) {
        this.maskZero = v;
        return this;
    }

    /** The table's initializer. */
    public Embedding embeddingsInitializer(Initializer init) {
        this.initializer = init;
        return this;
    }

    /** The table (after build). */
    public Variable embeddings() {
        return embeddings;
    }

    @Override
    public void build(int[] inputShape) {
        embeddings = addWeight("embeddings", new int[] {inputDim, outputDim}, initializer, null, null, true);
    }

    @Override
    public Tensor call(Tensor ids, boolean training) {
        buildIfNeeded(ids);
        Tensor out = Tensor.embedding(embeddings.value(), ids);
        if (maskZero && ids.rank() == 2) {
            float[] d = ids.data();
            float[] m = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                m[i] = d[i] == 0f ? 0f : 1f;
            }
            Masks.attach(out, new Tensor(m, ids.shape()));
        }
        return out;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = java.util.Arrays.copyOf(inputShape, inputShape.length + 1);
        out[inputShape.length] = outputDim;
        return out;
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        return 0;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("mask_zero", maskZero);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Embedding fromConfig(Map<String, Object> c) {
        Embedding e = new Embedding(Configs.integer(c, "input_dim"), Configs.integer(c, "output_dim"))
                .maskZero(Configs.bool(c, "mask_zero", false));
        e.applyBaseConfig(c);
        return e;
    }
}
