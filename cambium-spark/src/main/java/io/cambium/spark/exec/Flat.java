package io.cambium.spark.exec;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import java.util.List;

/** Variables as one flat float array, in the model's variable order. */
public final class Flat {
    private Flat() {
    }

    /** The number of elements of all variables. */
    public static int count(List<Variable> vars) {
        long n = 0;
        for (Variable v : vars) {
            n += v.value().numel();
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cambium-spark: the model has " + n + " weights, more than one array holds");
        }
        return (int) n;
    }

    /** Copies the values of {@code vars} into {@code out} from {@code offset}; returns the next offset. */
    public static int values(List<Variable> vars, float[] out, int offset) {
        for (Variable v : vars) {
            float[] d = v.value().data();
            System.arraycopy(d, 0, out, offset, d.length);
            offset += d.length;
        }
        return offset;
    }

    /** Copies {@code src} from {@code offset} into the values of {@code vars}; returns the next offset. */
    public static int assign(List<Variable> vars, float[] src, int offset) {
        for (Variable v : vars) {
            float[] d = v.value().data();
            System.arraycopy(src, offset, d, 0, d.length);
            offset += d.length;
        }
        return offset;
    }

    /**
     * Copies the gradients of {@code vars} into {@code out} (zeros where a variable has none) and
     * marks in {@code has} which variables have one.
     */
    public static void gradients(List<Variable> vars, float[] out, boolean[] has) {
        int offset = 0;
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            Tensor g = v.grad();
            int n = v.value().numel();
            if (g != null) {
                System.arraycopy(g.data(), 0, out, offset, n);
                has[i] = true;
            }
            offset += n;
        }
    }

    /**
     * Sets the gradient of each variable marked in {@code has} to its slice of {@code flat}, and
     * clears the others (so the optimizer skips them, as it does in single-machine training).
     */
    public static void setGradients(List<Variable> vars, float[] flat, boolean[] has) {
        int offset = 0;
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            int n = v.value().numel();
            if (has[i]) {
                float[] g = new float[n];
                System.arraycopy(flat, offset, g, 0, n);
                v.value().setGrad(new Tensor(g, v.shape()));
            } else {
                v.value().zeroGrad();
            }
            offset += n;
        }
    }
}
