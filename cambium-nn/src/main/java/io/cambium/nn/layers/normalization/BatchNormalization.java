package io.cambium.nn.layers.normalization;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.ops.BatchNormResult;
import java.util.List;
import java.util.Map;

/**
 * Batch normalization of each channel of the {@link #axis(int) axis} (default the last), as Keras
 * does it: in training the batch mean
 * and (biased) variance normalize the input and update the moving statistics,
 * {@code moving = moving * momentum + batch * (1 - momentum)}; at inference the moving statistics
 * are used. Weights: gamma and beta (trainable), moving_mean and moving_variance (non-trainable).
 * A frozen layer ({@code trainable(false)}) always uses the moving statistics, as Keras's does.
 * Defaults: momentum 0.99, epsilon 1e-3. (PyTorch's BatchNorm uses momentum 0.1 on the other side
 * and the unbiased variance for its running estimate.)
 */
public class BatchNormalization extends FluentLayer<BatchNormalization> implements KeepsNoActivations {
    private int axis = -1;
    private float momentum = 0.99f;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Variable gamma;
    private Variable beta;
    private Variable movingMean;
    private Variable movingVariance;

    /** A batch normalization layer with Keras defaults. */
    public BatchNormalization() {
    }

    /**
     * The channel axis whose entries get their own statistics (Keras's {@code axis}, default -1):
     * counted with the batch axis first, negative from the end; {@code axis(1)} for channels-first data.
     */
    public BatchNormalization axis(int a) {
        this.axis = a;
        return this;
    }

    /** The channel axis, as given. */
    public int axis() {
        return axis;
    }

    /** Momentum of the moving statistics (default 0.99). */
    public BatchNormalization momentum(double m) {
        this.momentum = (float) m;
        return this;
    }

    /** Added to the variance (default 1e-3). */
    public BatchNormalization epsilon(double e) {
        this.epsilon = (float) e;
        return this;
    }

    /** Whether to learn an offset beta (default true). */
    public BatchNormalization center(boolean c) {
        this.center = c;
        return this;
    }

    /** Whether to learn a scale gamma (default true). */
    public BatchNormalization scale(boolean s) {
        this.scale = s;
        return this;
    }

    /** The moving mean (after build). */
    public Variable movingMean() {
        return movingMean;
    }

    /** The moving variance (after build). */
    public Variable movingVariance() {
        return movingVariance;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        int a = NormAxes.resolve(this, new int[] {axis}, s.length)[0];
        if (movingMean != null && s[a] != movingMean.shape()[0]) {
            throw new IllegalArgumentException(describe() + ": expected input with " + movingMean.shape()[0]
                    + " channels on axis " + axis + ", got " + shapeStr(s));
        }
    }

    @Override
    public void build(int[] inputShape) {
        int c = inputShape[NormAxes.resolve(this, new int[] {axis}, inputShape.length)[0]];
        if (scale) {
            gamma = addWeight("gamma", new int[] {c}, Initializers.ones(), null, null, true);
        }
        if (center) {
            beta = addWeight("beta", new int[] {c}, Initializers.zeros(), null, null, true);
        }
        movingMean = addWeight("moving_mean", new int[] {c}, Initializers.zeros(), null, null, false);
        movingVariance = addWeight("moving_variance", new int[] {c}, Initializers.ones(), null, null, false);
    }

    /**
     * Normalizes with the batch statistics when {@code training} and the layer is trainable, else
     * with the moving statistics. A frozen layer ({@code trainable(false)}, directly or through a
     * frozen backbone) runs in inference mode even during {@code fit}, as in Keras: fine-tuning on
     * a small data set must not replace the statistics learned on the large one.
     */
    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        training = training && trainable();
        int r = x.rank();
        int a = NormAxes.resolve(this, new int[] {axis}, r)[0];
        if (a != r - 1) {
            // The fused kernels normalize the last axis: move the channel axis there and back.
            int[] perm = NormAxes.toEnd(new int[] {a}, r);
            return normalizeLastAxis(x.permute(perm), training).permute(NormAxes.inverse(perm));
        }
        return normalizeLastAxis(x, training);
    }

    private Tensor normalizeLastAxis(Tensor x, boolean training) {
        Tensor g = gamma == null ? null : gamma.value();
        Tensor b = beta == null ? null : beta.value();
        if (!training) {
            return x.batchNormInference(movingMean.value(), movingVariance.value(), g, b, epsilon);
        }
        BatchNormResult r = x.batchNormTraining(g, b, epsilon);
        try (NoGrad ignored = NoGrad.scope()) {
            movingMean.value().mulInPlace(momentum).addInPlace(r.mean().detach(), 1f - momentum);
            movingVariance.value().mulInPlace(momentum).addInPlace(r.variance().detach(), 1f - momentum);
        }
        return r.output();
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        long n = 1;
        for (int i = 1; i < s.length; i++) {
            n *= Math.max(1, s[i]);
        }
        return 4 * n;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        c.put("momentum", (double) momentum);
        c.put("epsilon", (double) epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static BatchNormalization fromConfig(Map<String, Object> c) {
        BatchNormalization l = new BatchNormalization().momentum(Configs.number(c, "momentum", 0.99f))
                .epsilon(Configs.number(c, "epsilon", 1e-3f)).center(Configs.bool(c, "center", true))
                .scale(Configs.bool(c, "scale", true));
        Object a = c.get("axis");
        if (a instanceof java.util.List<?> list && list.size() == 1) {
            a = list.get(0);   // Keras may save the axis as a one-element list
        }
        if (a instanceof Number n) {
            l.axis(n.intValue());
        }
        l.applyBaseConfig(c);
        return l;
    }
}
