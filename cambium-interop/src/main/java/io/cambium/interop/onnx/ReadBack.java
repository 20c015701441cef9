package io.cambium.interop.onnx;

import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The check after an export: Cambium's ONNX importer runs the written file on sample inputs and its
 * outputs are compared with the model's.
 */
public final class ReadBack {
    private ReadBack() {
    }

    /**
     * Imports {@code onnxFile}, runs it and {@code model} on {@code inputs} (Cambium's layout; ids
     * as floats) in inference mode, and returns the largest {@link #relativeError} over the outputs.
     *
     * @throws OnnxFormatException when the file does not import
     */
    public static double compare(Model model, Path onnxFile, List<Tensor> inputs) throws IOException {
        OnnxModel back = OnnxImporter.load(onnxFile);
        double worst = 0;
        try (NoGrad g = NoGrad.scope()) {
            List<Tensor> expected = model.callAll(inputs.toArray(new Tensor[0]));
            List<Tensor> actual = back.callAll(inputs, false);
            if (actual.size() != expected.size()) {
                return Double.POSITIVE_INFINITY;
            }
            for (int i = 0; i < expected.size(); i++) {
                worst = Math.max(worst, relativeError(actual.get(i), expected.get(i)));
            }
        }
        return worst;
    }

    /**
     * The largest difference relative to the reference's scale, {@code max |a - b| / max |b|} (the
     * norm-wise relative error: element-wise ratios are meaningless where b is near 0); infinite
     * when the sizes differ.
     */
    public static double relativeError(Tensor actual, Tensor reference) {
        float[] a = actual.data();
        float[] b = reference.data();
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
            scale = Math.max(scale, Math.abs((double) b[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }
}
