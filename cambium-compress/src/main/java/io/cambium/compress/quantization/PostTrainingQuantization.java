package io.cambium.compress.quantization;

import io.cambium.compress.LayerMath;
import io.cambium.compress.Models;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.quant.ActivationQuant;
import io.cambium.tensor.quant.Int8Matrix;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Static post-training quantization (PyTorch's {@code prepare}/{@code convert} eager flow, TF Lite's
 * full-integer quantization with a representative dataset): calibration batches run through the
 * float model while an {@link Observer} records each Dense/Conv2D layer's input, then every such
 * layer becomes a {@link QuantizedDense} or {@link QuantizedConv2D} with int8 per-channel weights
 * and the observed uint8 input range. Other layers (pooling, flatten, ...) are copied and stay
 * float32. The float model is not changed.
 *
 * <pre>{@code
 * Sequential int8 = PostTrainingQuantization.quantize(model, calibrationImages, Calibration.percentile(99.99));
 * int8.save(Path.of("model-int8.cambium"));   // int8 weights stored as I8: about 4x smaller
 * }</pre>
 */
public final class PostTrainingQuantization {
    private PostTrainingQuantization() {
    }

    /**
     * Quantizes the Dense and Conv2D layers of a Sequential model.
     *
     * @param calibration inputs representative of the data (a few hundred samples suffice), run in
     *     batches of 256
     * @throws IllegalArgumentException for a functional model, an unbuilt one, or a grouped convolution
     */
    public static Sequential quantize(Model model, Tensor calibration, Calibration method) {
        CompressLayers.register();
        Sequential s = Models.sequential(model, "post-training quantization");
        Map<Layer, Observer> observers = new IdentityHashMap<>();
        for (Layer l : s.layers()) {
            if (quantizable(l)) {
                observers.put(l, method.newObserver());
            }
        }
        int n = calibration.dim(0);
        try (NoGrad g = NoGrad.scope()) {
            for (int start = 0; start < n; start += 256) {
                Tensor h = calibration.narrow(0, start, Math.min(256, n - start));
                for (Layer l : s.layers()) {
                    Observer o = observers.get(l);
                    if (o != null) {
                        o.observe(h);
                    }
                    h = l.apply(h, false);
                }
            }
        }
        return Models.mapLayers(s, l -> {
            Observer o = observers.get(l);
            return o == null ? Models.copy(l) : convert(l, o.quantParams());
        });
    }

    /** Whether a layer is replaced by an int8 layer: Dense, and Conv2D with one group. */
    public static boolean quantizable(Layer l) {
        return l instanceof Dense || LayerMath.supports(l) && LayerMath.of(l).groups() == 1;
    }

    /** The int8 layer for a float Dense or Conv2D layer, its kernel and its input's quantization. */
    static QuantizedLayer<?> convert(Layer l, ActivationQuant inputQuant) {
        LayerMath math = LayerMath.of(l);
        Map<String, Object> c = l.config();
        String activation = String.valueOf(c.getOrDefault("activation", "linear"));
        boolean useBias = Boolean.TRUE.equals(c.getOrDefault("use_bias", Boolean.TRUE));
        int[] in = l.lastInputShapes().get(0);
        QuantizedLayer<?> q;
        Tensor kernel;
        Tensor bias;
        if (l instanceof Dense d) {
            q = new QuantizedDense(d.units(), inputQuant, activation, useBias);
            kernel = d.kernel().value();
            bias = d.bias() == null ? null : d.bias().value();
        } else {
            Conv2D conv = (Conv2D) l;
            int[] k = conv.kernel().shape();
            q = new QuantizedConv2D(k[3], k[0], k[1], math.strides(), math.dilation(),
                    math.padding().name().toLowerCase(Locale.ROOT), inputQuant, activation, useBias);
            kernel = conv.kernel().value().reshape(k[0] * k[1] * k[2], k[3]);
            bias = conv.bias() == null ? null : conv.bias().value();
        }
        q.name(l.name());
        q.ensureBuilt(java.util.List.of(in));
        q.setQuantized(Int8Matrix.quantize(kernel), bias);
        return q;
    }
}
