package io.cambium.llm.data;

import io.cambium.data.Example;
import io.cambium.tensor.Tensor;

/**
 * A language-modelling batch: {@code batch} windows of {@code context} input ids and, for each
 * input position, the next id as target ({@code y[b][t] = x[b][t + 1]} within the window of
 * {@code context + 1} tokens). Row-major: row {@code b} is {@code x[b * context .. (b + 1) * context)}.
 */
public record TokenBatch(int[] x, int[] y, int batch, int context) {

    public TokenBatch {
        if (x.length != batch * context || y.length != batch * context) {
            throw new IllegalArgumentException("TokenBatch: " + batch + " x " + context + " needs " + batch * context
                    + " ids, got x " + x.length + ", y " + y.length);
        }
    }

    /** The inputs as a float tensor {@code [batch, context]}. */
    public Tensor xTensor() {
        return tensor(x);
    }

    /** The targets as a float tensor {@code [batch, context]}. */
    public Tensor yTensor() {
        return tensor(y);
    }

    /** Inputs and targets as one {@link Example}. */
    public Example toExample() {
        return new Example(xTensor(), yTensor());
    }

    private Tensor tensor(int[] ids) {
        float[] v = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            v[i] = ids[i];
        }
        return Tensor.of(v, batch, context);
    }
}
