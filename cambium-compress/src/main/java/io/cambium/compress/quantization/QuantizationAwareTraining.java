package io.cambium.compress.quantization;

import io.cambium.compress.Models;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;

/**
 * Quantization-aware training (TF-MOT's {@code quantize_model}, PyTorch's {@code prepare_qat} /
 * {@code convert}): {@link #wrap} puts a {@link FakeQuantized} wrapper around every Dense and Conv2D
 * layer of a Sequential model (sharing the layers, so training the wrapped model trains the
 * original's float32 weights); after fine-tuning, {@link #convert} gives the int8 model with the
 * ranges learned during training.
 *
 * <pre>{@code
 * Sequential qat = QuantizationAwareTraining.wrap(model);
 * qat.compile(new Adam(1e-4), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
 * qat.fit(x, y, FitConfig.epochs(1).batchSize(64));
 * Sequential int8 = QuantizationAwareTraining.convert(qat);
 * }</pre>
 */
public final class QuantizationAwareTraining {
    private QuantizationAwareTraining() {
    }

    /** The model with fake quantization around its Dense and Conv2D layers (one group). */
    public static Sequential wrap(Model model) {
        Sequential s = Models.sequential(model, "quantization-aware training");
        return Models.mapLayers(s, l -> PostTrainingQuantization.quantizable(l) ? new FakeQuantized(l) : l);
    }

    /** The int8 model of a model made by {@link #wrap} and trained. */
    public static Sequential convert(Model qat) {
        CompressLayers.register();
        Sequential s = Models.sequential(qat, "quantization-aware training convert");
        return Models.mapLayers(s, l -> {
            if (l instanceof FakeQuantized f) {
                Layer inner = f.layer();
                return PostTrainingQuantization.convert(inner, f.inputQuant());
            }
            return Models.copy(l);
        });
    }
}
