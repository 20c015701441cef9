package io.cambium.zoo.generative;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * The reparameterization trick of a variational autoencoder (Kingma and Welling 2014): from the
 * encoder's mean and log-variance ({@code [batch, latent]} each) draws
 * {@code z = mean + exp(logVar / 2) * eps} with {@code eps ~ N(0, I)} from the global seeded
 * generator, so that the sample is a differentiable function of both. It samples in training
 * and inference alike (Keras's {@code Sampling} example does the same); use the mean itself for a
 * deterministic code.
 *
 * <pre>{@code
 * SymbolicTensor z = new Sampling().apply(mean, logVar);
 * }</pre>
 */
public class Sampling extends Layer {
    /** A sampling layer with a default name. */
    public Sampling() {
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() != 2 || !Shape.same(inputShapes.get(0), inputShapes.get(1))) {
            throw new IllegalArgumentException(describe() + ": expects [mean, logVar] of equal shapes, got "
                    + inputShapes.stream().map(Layer::shapeStr).toList());
        }
    }

    /** No weights: only the inputs are checked. */
    @Override
    public void build(List<int[]> inputShapes) {
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> inputShapes) {
        return List.of(inputShapes.get(0).clone());
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        Tensor mean = inputs.get(0);
        Tensor logVar = inputs.get(1);
        Tensor eps = Tensor.normal(Cambium.rng(), 0f, 1f, mean.shape());
        return mean.add(logVar.mul(0.5f).exp().mul(eps));
    }
}
