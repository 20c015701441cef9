package io.cambium.zoo.generative;

import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.List;

/** Helpers shared by the GAN recipes: value ranges, labels, running (conditional) models. */
public final class Gans {
    private Gans() {
    }

    /** Images in [0, 1] to the generator's range [-1, 1]. */
    public static Tensor toTanhRange(Tensor images) {
        try (NoGrad ignored = NoGrad.scope()) {
            return images.mul(2f).sub(1f);
        }
    }

    /** Images in [-1, 1] back to [0, 1]. */
    public static Tensor fromTanhRange(Tensor images) {
        try (NoGrad ignored = NoGrad.scope()) {
            return images.add(1f).mul(0.5f);
        }
    }

    /**
     * One-hot rows {@code [N, classes]} for class indices {@code [N]} (floats holding integers).
     *
     * @throws IllegalArgumentException naming the row of a label outside 0..classes-1
     */
    public static Tensor oneHot(Tensor labels, int classes) {
        float[] y = labels.data();
        float[] out = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            int c = (int) y[i];
            if (c != y[i] || c < 0 || c >= classes) {
                throw new IllegalArgumentException("Gans.oneHot: label " + y[i] + " of row " + i + " is not a class in 0.."
                        + (classes - 1));
            }
            out[i * classes + c] = 1f;
        }
        return new Tensor(out, y.length, classes);
    }

    /** Runs a one- or two-input model (image or latent, plus one-hot labels when given). */
    static Tensor run(Model model, Tensor x, Tensor labels, boolean training) {
        return labels == null ? model.apply(x, training) : model.applyAll(List.of(x, labels), training).get(0);
    }

    /** Generated images in [-1, 1] for latent vectors {@code z} (and labels when conditional), in inference mode. */
    public static Tensor generate(GanRecipe gan, Tensor z, Tensor oneHotLabels) {
        if (gan.classes() > 0 && oneHotLabels == null) {
            throw new IllegalArgumentException("Gans.generate: the conditional generator needs one-hot labels");
        }
        try (NoGrad ignored = NoGrad.scope()) {
            return run(gan.generator(), z, gan.classes() > 0 ? oneHotLabels : null, false);
        }
    }

    /** {@code n} generated images in [0, 1] from fresh latent vectors, in batches (labels cycle through the classes). */
    public static Tensor sample(GanRecipe gan, int n, int batchSize) {
        Tensor[] parts = new Tensor[(n + batchSize - 1) / batchSize];
        for (int b = 0; b < parts.length; b++) {
            int m = Math.min(batchSize, n - b * batchSize);
            Tensor labels = null;
            if (gan.classes() > 0) {
                float[] y = new float[m];
                for (int i = 0; i < m; i++) {
                    y[i] = (b * batchSize + i) % gan.classes();
                }
                labels = oneHot(new Tensor(y, m), gan.classes());
            }
            parts[b] = fromTanhRange(generate(gan, gan.latent(m), labels));
        }
        return parts.length == 1 ? parts[0] : Tensor.concat(0, parts);
    }
}
