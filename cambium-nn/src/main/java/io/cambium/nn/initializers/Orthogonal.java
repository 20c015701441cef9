package io.cambium.nn.initializers;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's Orthogonal: the weight, seen as a matrix of {@code prod(shape[:-1])} rows and
 * {@code shape[-1]} columns, gets orthonormal columns (or rows, when it is wide) times
 * {@code gain}: the Q factor of the QR decomposition of a standard normal matrix, with the signs
 * that make R's diagonal positive (computed by modified Gram-Schmidt in double precision).
 */
public final class Orthogonal implements SerializableInitializer {
    private final double gain;

    /** An orthogonal initializer. */
    public Orthogonal(double gain) {
        this.gain = gain;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Orthogonal: needs a weight of rank 2 or more, got shape " + Shape.str(shape));
        }
        int cols = shape[shape.length - 1];
        int rows = Shape.numel(shape) / Math.max(1, cols);
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        // Column-major tall x narrow matrix: column j is a[j].
        double[][] a = new double[narrow][tall];
        for (int i = 0; i < tall; i++) {
            for (int j = 0; j < narrow; j++) {
                a[j][i] = rng.nextGaussian();
            }
        }
        for (int j = 0; j < narrow; j++) {
            double[] q = a[j];
            for (int k = 0; k < j; k++) {
                double[] p = a[k];
                double dot = 0;
                for (int i = 0; i < tall; i++) {
                    dot += p[i] * q[i];
                }
                for (int i = 0; i < tall; i++) {
                    q[i] -= dot * p[i];
                }
            }
            double norm = 0;
            for (int i = 0; i < tall; i++) {
                norm += q[i] * q[i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < tall; i++) {
                q[i] /= norm;
            }
        }
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = rows >= cols ? a[c][r] : a[r][c];
                out[r * cols + c] = (float) (gain * v);
            }
        }
        return new Tensor(out, shape);
    }

    @Override
    public String className() {
        return "Orthogonal";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gain", gain);
        return c;
    }
}
