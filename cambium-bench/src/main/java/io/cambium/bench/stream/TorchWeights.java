package io.cambium.bench.stream;

import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch parameters of a convolutional classifier (a {@link Sequential} of {@link Conv2D},
 * pooling, {@link Flatten} and {@link Dense} layers) carried over to the equivalent Cambium
 * model. PyTorch lists them in {@code nn.Module.parameters()} order (each layer's weight, then its
 * bias) and in its own layouts, which differ from Cambium's:
 *
 * <ul>
 *   <li>{@code nn.Conv2d} weight {@code [out, in, kh, kw]} → Conv2D kernel {@code [kh, kw, in, out]};
 *   <li>{@code nn.Linear} weight {@code [out, in]} → Dense kernel {@code [in, out]};
 *   <li>the first Linear after a flatten of an image: PyTorch flattens NCHW feature maps as
 *       {@code (c, h, w)}, Cambium flattens NHWC ones as {@code (h, w, c)}, so that layer's input
 *       rows are also reordered;
 *   <li>biases are the same vectors.
 * </ul>
 */
public final class TorchWeights {
    private TorchWeights() {
    }

    /**
     * The PyTorch shapes of {@code model}'s weights in {@code parameters()} order, for validating a
     * file before its values are read.
     *
     * @throws IllegalArgumentException naming the layer when the model has a layer this class
     *     cannot convert, or is not built
     */
    public static List<int[]> torchShapes(Sequential model) {
        List<int[]> shapes = new ArrayList<>();
        for (Layer layer : weightedLayers(model)) {
            List<Variable> vars = layer.variables();
            int[] k = vars.get(0).shape();
            shapes.add(layer instanceof Conv2D ? new int[] {k[3], k[2], k[0], k[1]} : new int[] {k[1], k[0]});
            if (vars.size() == 2) {
                shapes.add(vars.get(1).shape());
            }
        }
        return shapes;
    }

    /**
     * Assigns PyTorch parameters, in {@code parameters()} order and PyTorch layouts, to {@code
     * model}'s weights (converted as the class comment says).
     *
     * @throws IllegalArgumentException naming the layer and both shapes when a count or a shape
     *     does not match
     */
    public static void load(Sequential model, List<Tensor> torchParams) {
        List<int[]> expected = torchShapes(model);
        if (torchParams.size() != expected.size()) {
            throw new IllegalArgumentException("TorchWeights: " + torchParams.size()
                    + " PyTorch parameters for a model with " + expected.size() + " weights");
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!Shape.same(torchParams.get(i).shape(), expected.get(i))) {
                throw new IllegalArgumentException("TorchWeights: PyTorch parameter " + i + " has shape "
                        + Shape.str(torchParams.get(i).shape()) + ", expected " + Shape.str(expected.get(i)));
            }
        }
        int next = 0;
        int[] flattenedImage = null;      // (h, w, c) of the image the last Flatten flattened
        for (Layer layer : model.layers()) {
            if (layer instanceof Flatten) {
                int[] in = layer.lastInputShapes().get(0);
                flattenedImage = in.length == 4 ? new int[] {in[1], in[2], in[3]} : null;
                continue;
            }
            List<Variable> vars = layer.variables();
            if (vars.isEmpty()) {
                continue;
            }
            Tensor w = torchParams.get(next++);
            Tensor kernel;
            if (layer instanceof Conv2D) {
                kernel = w.permute(2, 3, 1, 0);
            } else if (flattenedImage != null) {
                int h = flattenedImage[0];
                int wd = flattenedImage[1];
                int c = flattenedImage[2];
                int out = w.dim(0);
                kernel = w.reshape(out, c, h, wd).permute(2, 3, 1, 0).reshape(h * wd * c, out);
                flattenedImage = null;
            } else {
                kernel = w.permute(1, 0);
            }
            vars.get(0).assign(kernel);
            if (vars.size() == 2) {
                vars.get(1).assign(torchParams.get(next++));
            }
        }
    }

    /** The layers with weights, after checking that every layer is one this class can convert. */
    private static List<Layer> weightedLayers(Sequential model) {
        if (model.builtInputShape() == null) {
            throw new IllegalArgumentException("TorchWeights: " + model.describe()
                    + " is not built (give it an input shape)");
        }
        List<Layer> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            boolean weighted = layer instanceof Conv2D || layer instanceof Dense;
            boolean layoutFree = layer instanceof MaxPooling2D || layer instanceof AveragePooling2D
                    || layer instanceof Activation || layer instanceof Dropout || layer instanceof Flatten;
            if (!weighted && !layoutFree) {
                throw new IllegalArgumentException("TorchWeights: no PyTorch conversion for " + layer.describe());
            }
            if (layer instanceof Conv2D conv && conv.kernel().shape().length != 4) {
                throw new IllegalArgumentException("TorchWeights: " + layer.describe() + " has kernel "
                        + Shape.str(conv.kernel().shape()));
            }
            if (weighted) {
                out.add(layer);
            }
        }
        return out;
    }
}
