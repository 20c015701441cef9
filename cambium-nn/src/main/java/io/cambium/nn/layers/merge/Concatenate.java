package io.cambium.nn.layers.merge;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Joins its inputs along an axis (default the last); all other sizes must be equal. */
public class Concatenate extends FluentLayer<Concatenate> {
    private final int axis;

    /** Concatenation along the last axis. */
    public Concatenate() {
        this(-1);
    }

    /** Concatenation along {@code axis} (negative counts from the end; 0 is the batch axis). */
    public Concatenate(int axis) {
        this.axis = axis;
    }

    @Override
    public void build(List<int[]> inputShapes) {
        // no weights
    }

    private int axisFor(int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is out of range for inputs of rank " + rank);
        }
        return a;
    }

    private int[] outputShape(List<int[]> shapes) {
        if (shapes.size() < 2) {
            throw new IllegalArgumentException(describe() + ": expects at least 2 inputs, got " + shapes.size());
        }
        int[] first = shapes.get(0);
        int a = axisFor(first.length);
        int[] out = first.clone();
        out[a] = 0;
        for (int[] s : shapes) {
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) {
                ok = i == a || s[i] == first[i] || s[i] < 0 || first[i] < 0;
            }
            if (!ok) {
                List<String> ss = new ArrayList<>();
                for (int[] x : shapes) {
                    ss.add(shapeStr(x));
                }
                throw new IllegalArgumentException(describe() + ": inputs must match except on the concatenation axis "
                        + axis + ", got " + String.join(", ", ss));
            }
            out[a] = out[a] < 0 || s[a] < 0 ? -1 : Shape.checkedSize(describe() + " output size", (long) out[a] + s[a]);
        }
        return out;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        outputShape(inputShapes);
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(outputShape(inputShapes));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        throw new IllegalArgumentException(describe() + ": expects at least 2 inputs, got 1");
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        List<int[]> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(t.shape());
        }
        int[] outShape = outputShape(shapes);
        int a = axisFor(outShape.length);
        long outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= outShape[i];
        }
        int inner = 1;
        for (int i = a + 1; i < outShape.length; i++) {
            inner *= outShape[i];
        }
        int outRow = outShape[a] * inner;
        float[] out = new float[(int) (outer * outRow)];
        int[] offsets = new int[inputs.size()];
        int off = 0;
        for (int k = 0; k < inputs.size(); k++) {
            offsets[k] = off;
            int row = shapes.get(k)[a] * inner;
            float[] src = inputs.get(k).data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * row, out, o * outRow + off, row);
            }
            off += row;
        }
        Tensor result = new Tensor(out, outShape);
        final long outerF = outer;
        final int innerF = inner;
        return Autograd.record(result, "concatenate", g -> {
            Tensor[] grads = new Tensor[inputs.size()];
            float[] gd = g.data();
            for (int k = 0; k < grads.length; k++) {
                if (!inputs.get(k).requiresGrad()) {
                    continue;
                }
                int row = shapes.get(k)[a] * innerF;
                float[] gk = new float[(int) (outerF * row)];
                for (int o = 0; o < outerF; o++) {
                    System.arraycopy(gd, o * outRow + offsets[k], gk, o * row, row);
                }
                grads[k] = new Tensor(gk, shapes.get(k));
            }
            return grads;
        }, inputs.toArray(new Tensor[0]));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Concatenate fromConfig(Map<String, Object> c) {
        Concatenate l = new Concatenate(Configs.integer(c, "axis", -1));
        l.applyBaseConfig(c);
        return l;
    }
}
