package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Numerical robustness, documented edge semantics and thread-count independence. */
class ElementwiseNumericsTest {
    private final Rng rng = new Rng(5);

    /** The largest error of f against ref over the samples, in units of the last place of the reference's float. */
    private static double worstUlps(java.util.function.DoubleUnaryOperator ref, Function<Float, Float> f,
                                    double from, double to, double step, double[] scales) {
        double worst = 0;
        for (double v = from; v <= to; v += step) {
            for (double scale : scales) {
                float x = (float) (v * scale);
                double r = ref.applyAsDouble(x);
                float got = f.apply(x);
                if (Float.isInfinite((float) r) || (float) r == 0f) {
                    worst = Math.max(worst, got == (float) r ? 0 : Double.POSITIVE_INFINITY);
                } else {
                    worst = Math.max(worst, Math.abs(got - r) / Math.ulp((float) r));
                }
            }
        }
        return worst;
    }

    @Test
    void floatExpIsWithinOneUlpEverywhere() {
        assertThat(worstUlps(Math::exp, FloatMath::exp, -110, 95, 0.00731, new double[] {1})).isLessThanOrEqualTo(1.0);
        assertThat(FloatMath.exp(Float.NaN)).isNaN();
        assertThat(FloatMath.exp(Float.POSITIVE_INFINITY)).isInfinite();
        assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isZero();
    }

    @Test
    void floatTanhSigmoidExpm1AndLog1pAreAccurate() {
        double[] scales = {1, 1e-3, 1e-6};
        assertThat(worstUlps(Math::tanh, FloatMath::tanh, -25, 25, 0.0017, scales)).as("tanh").isLessThanOrEqualTo(3.0);
        assertThat(worstUlps(v -> 1 / (1 + Math.exp(-v)), FloatMath::sigmoid, -25, 25, 0.0017, scales))
                .as("sigmoid").isLessThanOrEqualTo(3.0);
        assertThat(worstUlps(Math::expm1, FloatMath::expm1, -25, 25, 0.0017, scales)).as("expm1")
                .isLessThanOrEqualTo(3.0);
        assertThat(worstUlps(Math::log1p, FloatMath::log1p, -0.999, 50, 0.00123, new double[] {1, 1e-3, 1e-5, 1e-9}))
                .as("log1p").isLessThanOrEqualTo(1.0);
        assertThat(FloatMath.tanh(1e-20f)).isEqualTo(1e-20f);
    }

    @Test
    void rationalTanhIsWithinSixUlpAndSaturatesExactly() {
        double[] scales = {1, 1e-3, 1e-6};
        assertThat(worstUlps(Math::tanh, FloatMath::tanhRational, -25, 25, 0.0017, scales)).as("tanhRational")
                .isLessThanOrEqualTo(6.0);
        for (float v : new float[] {7.9053115f, 10f, 1e30f, Float.POSITIVE_INFINITY}) {
            assertThat(FloatMath.tanhRational(v)).as("tanh(%s)", v).isEqualTo(1f);
            assertThat(FloatMath.tanhRational(-v)).as("tanh(-%s)", v).isEqualTo(-1f);
        }
        // Never past +-1 before the clamp, and exactly odd.
        for (float v = 0f; v <= 8f; v += 1e-4f) {
            float t = FloatMath.tanhRational(v);
            assertThat(t).as("tanh(%s)", v).isBetween(0f, 1f);
            assertThat(FloatMath.tanhRational(-v)).isEqualTo(-t);
        }
        assertThat(FloatMath.tanhRational(Float.NaN)).isNaN();
    }

    @Test
    void floatErfMatchesAFloat64Reference() {
        Fixtures.Case c = Fixtures.load("elementwise.json").get("erf_grid");
        float[] x = c.tensor("x").data();
        float[] ref = c.tensor("out").data();
        for (int i = 0; i < x.length; i++) {
            assertThat((double) FloatMath.erf(x[i])).as("erf(%s)", x[i]).isCloseTo(ref[i],
                    org.assertj.core.data.Offset.offset(1e-7));
        }
        assertThat(FloatMath.erf(Float.NaN)).isNaN();
        assertThat(FloatMath.erf(Float.POSITIVE_INFINITY)).isEqualTo(1f);
    }

    @Test
    void saturatingFunctionsStayFiniteForExtremeInputs() {
        Tensor x = Tensor.of(new float[] {-1e30f, -1000f, -100f, 100f, 1000f, 1e30f});
        for (Function<Tensor, Tensor> f : java.util.List.<Function<Tensor, Tensor>>of(Tensor::sigmoid,
                Tensor::tanh, Tensor::softsign, Tensor::hardSigmoid, Tensor::gelu, t -> t.gelu(true), Tensor::silu,
                Tensor::selu, t -> t.elu(1f))) {
            Tensor xs = x.copy().requiresGrad(true);
            Tensor y = f.apply(xs);
            y.backward(Tensor.onesLike(y));
            for (float v : y.data()) {
                assertThat(Float.isNaN(v)).as("no NaN from %s", y).isFalse();
            }
            for (float v : xs.grad().data()) {
                assertThat(Float.isFinite(v)).as("finite gradient, %s", xs.grad()).isTrue();
            }
        }
        Tensor sp = Tensor.of(new float[] {-1e4f, 1e4f}).softplus(1f, 1e6f);
        assertThat(sp.toArray()).containsExactly(0f, 1e4f);
        assertThat(Tensor.of(new float[] {1000f, 1000f, -1000f}).softmax(0).toArray()).containsExactly(0.5f, 0.5f, 0f);
        assertThat(Tensor.of(new float[] {1000f, 999f}).logSoftmax(0).data()[1]).isCloseTo(-1.3132616f,
                org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(Tensor.of(new float[] {1e30f, 1e30f}).logsumexp(null, false).item()).isEqualTo(1e30f);
        assertThat(Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}).logsumexp(null, false)
                .item()).isEqualTo(Float.NEGATIVE_INFINITY);
    }

    @Test
    void rectifierLikeActivationsKeepTheirAsymptotes() {
        // Far from 0 these activations are the identity (times a scale) on the right and a constant on
        // the left; a clamp that protects an inner exp or tanh must not leak into the result (the
        // tanh GELU once returned 10 for every input above 10).
        float[] big = {10.5f, 20f, 100f, 1e4f, 1e30f};
        Tensor x = Tensor.of(big);
        Tensor neg = x.neg();
        java.util.Map<String, Function<Tensor, Tensor>> fs = new java.util.LinkedHashMap<>();
        fs.put("gelu", Tensor::gelu);
        fs.put("gelu_tanh", t -> t.gelu(true));
        fs.put("silu", Tensor::silu);
        fs.put("elu", t -> t.elu(1f));
        fs.put("softplus", Tensor::softplus);
        fs.put("relu", Tensor::relu);
        fs.put("leaky_relu", t -> t.leakyRelu(0.2f));
        for (var e : fs.entrySet()) {
            float[] y = e.getValue().apply(x).data();
            for (int i = 0; i < big.length; i++) {
                assertThat(y[i]).as("%s(%s)", e.getKey(), big[i]).isCloseTo(big[i],
                        org.assertj.core.data.Percentage.withPercentage(0.01));
            }
        }
        float[] selu = x.selu().data();
        for (int i = 0; i < big.length; i++) {
            assertThat(selu[i]).as("selu(%s)", big[i]).isCloseTo(1.0507009873554805f * big[i],
                    org.assertj.core.data.Percentage.withPercentage(0.01));
        }
        for (String k : java.util.List.of("gelu", "gelu_tanh", "silu", "softplus", "relu")) {
            for (float v : fs.get(k).apply(neg).data()) {
                assertThat(Math.abs(v)).as("%s at -x", k).isLessThan(1e-3f);
            }
        }
        for (float v : neg.elu(1f).data()) {
            assertThat(v).isCloseTo(-1f, org.assertj.core.data.Offset.offset(1e-4f));
        }
        // As in PyTorch: gelu_tanh(inf) = inf; the value just above the clamp matches the formula.
        assertThat(Tensor.of(new float[] {Float.POSITIVE_INFINITY}).gelu(true).item()).isEqualTo(Float.POSITIVE_INFINITY);
        double v = 10.25;
        double ref = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        assertThat((double) Tensor.of(new float[] {10.25f}).gelu(true).item()).isCloseTo(ref,
                org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void domainEdgesFollowTorch() {
        assertThat(Tensor.of(new float[] {0f}).log().item()).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Tensor.of(new float[] {-1f}).log().item()).isNaN();
        assertThat(Tensor.of(new float[] {89f}).exp().item()).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Tensor.of(new float[] {-1f, 0f, 2f, Float.NaN}).sign().toArray()).containsExactly(-1f, 0f, 1f, 0f);
        assertThat(Tensor.of(new float[] {Float.NaN, 1f}).max().item()).isNaN();
        assertThat(Tensor.of(new float[] {1f, Float.NaN}).relu().data()[1]).isNaN();
    }

    @Test
    void l2NormGradientAtZeroIsZero() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        x.norm().backward();
        assertThat(x.grad().toArray()).containsOnly(0f);
        Tensor y = Tensor.zeros(2, 3).requiresGrad(true);
        y.std(new int[] {1}, 1, false).sum().backward();
        assertThat(y.grad().toArray()).containsOnly(0f);
    }

    @Test
    void argExtremaReturnTheFirstOccurrenceAndTreatNaNAsExtreme() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 0, 3});
        assertThat(x.argmax().item()).isEqualTo(1f);
        assertThat(x.argmin().item()).isEqualTo(3f);
        assertThat(Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}).argmax().item()).isEqualTo(1f);
        assertThat(Tensor.of(new float[] {1, Float.NaN, -5}).argmin().item()).isEqualTo(1f);
        assertThat(x.reshape(2, 3).argmax(1, true).shape()).containsExactly(2, 1);
        assertThat(x.reshape(2, 3).argmax(1, false).toArray()).containsExactly(1f, 2f);
    }

    @Test
    void maxGradientIsSharedAmongTies() {
        Tensor x = Tensor.of(new float[] {2, 5, 5, 1, 5}).requiresGrad(true);
        x.max().backward();
        assertThat(x.grad().toArray()).containsExactly(0f, 1f / 3, 1f / 3, 0f, 1f / 3);
    }

    @Test
    void varianceRejectsMissingDegreesOfFreedom() {
        assertThatThrownBy(() -> Tensor.ones(3, 1).var(new int[] {1}, 1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("var: correction 1");
        assertThat(Tensor.of(new float[] {1, 2, 3, 4}).var().item()).isEqualTo(1.25f);
        assertThat(Tensor.of(new float[] {1, 2, 3, 4}).var(null, 1, false).item()).isCloseTo(5f / 3,
                org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void errorsNameTheOpAndShapes() {
        assertThatThrownBy(() -> Tensor.ones(2, 3).maximum(Tensor.ones(4)))
                .hasMessageContaining("maximum").hasMessageContaining("(2, 3)").hasMessageContaining("(4,)");
        assertThatThrownBy(() -> Tensor.ones(2, 3).softmax(2)).hasMessageContaining("softmax: axis 2");
        assertThatThrownBy(() -> Tensor.ones(2, 3).norm(3f, null, false)).hasMessageContaining("norm: p must be 1 or 2");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Tensor x = Tensor.normal(rng, 0.5f, 2f, 300, 257);
        Tensor flat = Tensor.normal(rng, 1f, 3f, 200_003);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = evaluate(x, flat);
            Parallel.setThreads(2);
            float[][] two = evaluate(x, flat);
            for (int i = 0; i < one.length; i++) {
                assertThat(java.util.Arrays.equals(one[i], two[i])).as("result %d identical at 1 and 2 threads", i)
                        .isTrue();
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[][] evaluate(Tensor x, Tensor flat) {
        Tensor xg = x.copy().requiresGrad(true);
        Tensor fg = flat.copy().requiresGrad(true);
        Tensor a = xg.var(null, 1, false);
        Tensor b = xg.logsumexp(new int[] {0}, false);
        Tensor c = xg.softmax(0);
        Tensor d = fg.norm();
        Tensor e = fg.std(null, 0, false);
        Tensor f = fg.cumsum(0);
        Tensor loss = a.add(b.sum()).add(c.mul(x).sum()).add(d).add(e).add(f.mean()).add(xg.max(new int[] {1}, false).sum());
        loss.backward();
        return new float[][] {a.toArray(), b.toArray(), c.toArray(), d.toArray(), e.toArray(), f.toArray(),
            xg.grad().toArray(), fg.grad().toArray()};
    }
}
