package io.cambium.nn.layers.merge;

import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The base of elementwise merge layers (Add, Subtract, Multiply, Average): two or more inputs
 * whose shapes are equal or broadcast against each other (batch axis included).
 */
public abstract class Merge<T extends Merge<T>> extends FluentLayer<T> {
    /** Combines the inputs (already checked). */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** The fewest inputs the layer accepts. */
    protected int minInputs() {
        return 2;
    }

    /** The most inputs the layer accepts. */
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void build(List<int[]> inputShapes) {
        // no weights
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() < minInputs() || inputShapes.size() > maxInputs()) {
            throw new IllegalArgumentException(describe() + ": expects "
                    + (minInputs() == maxInputs() ? "exactly " + minInputs() : "at least " + minInputs())
                    + " inputs, got " + inputShapes.size());
        }
        outputShape(inputShapes);
    }

    private int[] outputShape(List<int[]> shapes) {
        int[] out = shapes.get(0);
        for (int i = 1; i < shapes.size(); i++) {
            out = broadcast(out, shapes.get(i), shapes);
        }
        return out;
    }

    private int[] broadcast(int[] a, int[] b, List<int[]> all) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else if (da < 0 || db < 0) {
                out[i] = Math.max(da, db);
            } else {
                List<String> ss = new ArrayList<>();
                for (int[] s : all) {
                    ss.add(shapeStr(s));
                }
                throw new IllegalArgumentException(describe() + ": inputs must have equal (or broadcastable) shapes, got "
                        + String.join(", ", ss));
            }
        }
        return out;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        throw new IllegalArgumentException(describe() + ": expects at least " + minInputs() + " inputs, got 1");
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        List<int[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        checkInputs(shapes);
        return merge(inputs);
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return inputShape.clone();
    }

    /** One operation per output element and extra input. */
    @Override
    public long flops(List<int[]> inputShapes) {
        int[] out = outputShape(inputShapes).clone();
        out[0] = 1;
        long n = 1;
        for (int d : out) {
            n *= Math.max(1, d);
        }
        return n * (inputShapes.size() - 1);
    }

    static String str(int[] s) {
        return Shape.str(s);
    }
}
