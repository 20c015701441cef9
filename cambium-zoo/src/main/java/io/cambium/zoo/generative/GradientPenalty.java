package io.cambium.zoo.generative;

import io.cambium.nn.Layer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.random.Rng;
import java.util.function.UnaryOperator;

/**
 * The gradient penalty of WGAN-GP (Gulrajani et al. 2017):
 * {@code lambda * mean((||grad_x C(x_hat)||_2 - 1)^2)} at points {@code x_hat = a x + (1 - a) x~}
 * on straight lines between real samples {@code x} and generated ones {@code x~}, with
 * {@code a ~ U[0, 1]} per sample. The gradient is computed with a graph-creating backward pass,
 * so the penalty's own gradient (a second derivative of the critic) reaches the critic's weights.
 * The norm's gradient at 0 is taken as 0, as {@code torch.norm} does.
 */
public final class GradientPenalty {
    /** The paper's penalty weight. */
    public static final float DEFAULT_WEIGHT = 10f;

    private GradientPenalty() {
    }

    /** The interpolation weights {@code a}, one per sample, shaped to broadcast over {@code like}. */
    public static Tensor interpolationWeights(Rng rng, Tensor like) {
        int[] s = new int[like.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = like.dim(0);
        return Tensor.uniform(rng, 0f, 1f, s);
    }

    /** {@link #compute(UnaryOperator, Tensor, Tensor, Tensor, float)} for a critic model in training mode. */
    public static Tensor compute(Layer critic, Tensor real, Tensor fake, Tensor alpha, float weight) {
        return compute(x -> critic.apply(x, true), real, fake, alpha, weight);
    }

    /**
     * The penalty at the interpolates of {@code real} and {@code fake} (whose gradients are not
     * wanted: both are treated as constants) with weights {@code alpha}, for a critic given as a
     * function from images to scores.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static Tensor compute(UnaryOperator<Tensor> critic, Tensor real, Tensor fake, Tensor alpha, float weight) {
        if (!Shape.same(real.shape(), fake.shape())) {
            throw new IllegalArgumentException("GradientPenalty: real " + Shape.str(real.shape()) + " and fake "
                    + Shape.str(fake.shape()) + " samples differ in shape");
        }
        Tensor a = alpha.detach();
        Tensor xHat = a.mul(real.detach()).add(a.neg().add(1f).mul(fake.detach())).requiresGrad(true);
        Tensor scores = critic.apply(xHat);
        Tensor grad = Autograd.grad(scores.sum(), true, xHat)[0];
        int n = real.dim(0);
        Tensor norms = grad.reshape(n, -1).norm(2f, new int[] {1}, false);
        return norms.sub(1f).square().mean().mul(weight);
    }
}
