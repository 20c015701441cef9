package io.cambium.nn.optimizers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.Variable;
import io.cambium.nn.schedules.ExponentialDecay;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Skipping, accumulation, schedules, config and checkpoint state of the optimizers. */
class OptimizerBehaviourTest {
    private static final List<Supplier<BaseOptimizer<?>>> ALL = List.of(
            () -> new SGD(0.05f, 0.9f, true), () -> new Adam(0.01f, true), () -> new AdamW(0.01f, 0.1f),
            () -> new Adamax(0.01f), () -> new Nadam(0.01f), () -> new RMSprop(0.01f, 0.5f, true),
            () -> new Adagrad(0.05f), () -> new Adadelta(1f), () -> new SGD(0.1), () -> new RMSprop(0.01),
            () -> new RMSprop(0.01, 0.5, true).epsilonInsideSqrt(true).epsilon(0.1),
            () -> new Adam(0.01).weightDecay(0.1), () -> new SGD(0.05, 0.9).dampening(0.2).weightDecay(0.01));

    private static List<Variable> vars(long seed) {
        Rng r = new Rng(seed);
        return List.of(new Variable("a/kernel", Tensor.normal(r, 0, 1, 4, 3), true),
                new Variable("a/bias", Tensor.normal(r, 0, 1, 3), true));
    }

    private static void grads(List<Variable> vs, Rng r) {
        for (Variable v : vs) {
            v.value().setGrad(Tensor.normal(r, 0, 1, v.shape()));
        }
    }

    @Test
    void skipsFrozenAndGradlessVariables() {
        Variable frozen = new Variable("f", Tensor.ones(3), false);
        Variable noGrad = new Variable("n", Tensor.ones(3), true);
        Variable live = new Variable("l", Tensor.ones(3), true);
        live.value().setGrad(Tensor.ones(3));
        Adam adam = new Adam(0.1f);
        adam.step(List.of(frozen, noGrad, live));
        assertThat(frozen.value().data()).containsOnly(1f);
        assertThat(noGrad.value().data()).containsOnly(1f);
        assertThat(live.value().data()[0]).isLessThan(1f);
        assertThat(adam.state()).containsKeys("l/m", "l/v", "l/step").doesNotContainKeys("n/m", "f/m");
    }

    @Test
    void adamWithoutClippingTakesTheSameStepsAsAdamClampedAtAHugeValue() {
        // Without clipvalue Adam and AdamW run a loop without the clamp; it must change nothing.
        List<Supplier<BaseOptimizer<?>>> kinds = List.of(() -> new Adam(0.01).weightDecay(0.1),
                () -> new AdamW(0.01f, 0.1f));
        for (Supplier<BaseOptimizer<?>> make : kinds) {
            List<Variable> a = vars(3);
            List<Variable> b = vars(3);
            BaseOptimizer<?> plain = make.get();
            BaseOptimizer<?> clamped = make.get().clipValue(1e30);
            Rng r = new Rng(11);
            for (int step = 0; step < 5; step++) {
                grads(a, r);
                for (int i = 0; i < a.size(); i++) {
                    b.get(i).value().setGrad(a.get(i).value().grad());
                }
                plain.step(a);
                clamped.step(b);
            }
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i).value().data()).as(plain.name()).containsExactly(b.get(i).value().data());
                assertThat(a.get(i).value().data()).isNotEqualTo(vars(3).get(i).value().data());
            }
        }
    }

    @Test
    void accumulationAveragesGradientsOverNCalls() {
        for (Supplier<BaseOptimizer<?>> make : ALL) {
            List<Variable> a = vars(1);
            List<Variable> b = vars(1);
            BaseOptimizer<?> plain = make.get();
            BaseOptimizer<?> acc = make.get().gradientAccumulationSteps(3);
            Rng r = new Rng(7);
            for (int step = 0; step < 4; step++) {
                Tensor[] sum = {Tensor.zeros(4, 3), Tensor.zeros(3)};
                for (int k = 0; k < 3; k++) {
                    grads(a, r);
                    sum[0].addInPlace(a.get(0).grad());
                    sum[1].addInPlace(a.get(1).grad());
                    float before = a.get(0).value().data()[0];
                    acc.step(a);
                    if (k < 2) {
                        assertThat(a.get(0).value().data()[0]).as("no update before the 3rd call").isEqualTo(before);
                    }
                }
                b.get(0).value().setGrad(sum[0].mul(1f / 3));
                b.get(1).value().setGrad(sum[1].mul(1f / 3));
                plain.step(b);
            }
            assertThat(acc.iterations()).isEqualTo(4);
            for (int i = 0; i < 2; i++) {
                float[] x = a.get(i).value().data();
                float[] y = b.get(i).value().data();
                for (int j = 0; j < x.length; j++) {
                    assertThat(x[j]).as(plain.name()).isCloseTo(y[j], org.assertj.core.api.Assertions.within(1e-5f));
                }
            }
        }
    }

    @Test
    void resumingFromStateContinuesIdentically() {
        for (Supplier<BaseOptimizer<?>> make : ALL) {
            List<Variable> a = vars(3);
            BaseOptimizer<?> first = make.get().gradientAccumulationSteps(2);
            Rng r = new Rng(11);
            for (int i = 0; i < 5; i++) {
                grads(a, r);
                first.step(a);
            }
            // Checkpoint mid-accumulation: weights, optimizer state, and the gradient stream.
            Map<String, Tensor> state = first.state();
            List<Variable> b = List.of(new Variable("a/kernel", a.get(0).value().copy(), true),
                    new Variable("a/bias", a.get(1).value().copy(), true));
            long[] rngState = r.state();
            BaseOptimizer<?> resumed = (BaseOptimizer<?>) Optimizers.fromConfig(json(first.config()));
            resumed.loadState(new HashMap<>(state));
            Rng r2 = new Rng(0);
            r2.setState(rngState);
            for (int i = 0; i < 5; i++) {
                grads(a, r);
                first.step(a);
                grads(b, r2);
                resumed.step(b);
            }
            assertThat(b.get(0).value().data()).as(first.name()).containsExactly(a.get(0).value().data());
            assertThat(b.get(1).value().data()).as(first.name()).containsExactly(a.get(1).value().data());
            assertThat(resumed.iterations()).isEqualTo(first.iterations()).isEqualTo(5);
        }
    }

    @Test
    void largeVariablesUpdateIdenticallyOnOneOrTwoThreads() {
        int before = io.cambium.tensor.Parallel.threads();
        try {
            for (Supplier<BaseOptimizer<?>> make : ALL) {
                float[][] results = new float[2][];
                for (int threads = 1; threads <= 2; threads++) {
                    io.cambium.tensor.Parallel.setThreads(threads);
                    Rng r = new Rng(21);
                    Variable v = new Variable("big", Tensor.normal(r, 0, 1, 70_000), true);
                    BaseOptimizer<?> o = make.get().clipNorm(50.0);
                    for (int i = 0; i < 3; i++) {
                        v.value().setGrad(Tensor.normal(r, 0, 1, 70_000));
                        o.step(List.of(v));
                    }
                    results[threads - 1] = v.value().data();
                }
                assertThat(java.util.Arrays.equals(results[0], results[1])).as(make.get().name()).isTrue();
            }
        } finally {
            io.cambium.tensor.Parallel.setThreads(before);
        }
    }

    @Test
    void stateCodecIsExact() {
        for (long v : new long[] {0, 1, 65535, 65536, 1L << 40, Long.MAX_VALUE, -1}) {
            assertThat(StateCodec.decodeLong("k", StateCodec.encodeLong(v))).isEqualTo(v);
        }
        double d = 0.1234567890123456789;
        assertThat(StateCodec.decodeDouble("k", StateCodec.encodeDouble(d))).isEqualTo(d);
        assertThatThrownBy(() -> StateCodec.decodeLong("x/step", Tensor.of(new float[] {0.5f, 0, 0, 0})))
                .hasMessageContaining("x/step");
    }

    @Test
    void loadStateRejectsMalformedEntries() {
        Adam adam = new Adam(0.1f);
        List<Variable> a = vars(1);
        grads(a, new Rng(1));
        adam.step(a);
        Map<String, Tensor> s = new HashMap<>(adam.state());
        s.put("a/kernel/bogus", Tensor.zeros(1));
        assertThatThrownBy(() -> new Adam(0.1f).loadState(s)).hasMessageContaining("'a/kernel/bogus' is not recognized");
        Map<String, Tensor> s2 = new HashMap<>(adam.state());
        s2.remove("a/bias/v");
        assertThatThrownBy(() -> new Adam(0.1f).loadState(s2)).hasMessageContaining("missing 'a/bias/v'");
        Map<String, Tensor> s3 = new HashMap<>(adam.state());
        s3.put("a/bias/v", Tensor.zeros(4));
        assertThatThrownBy(() -> new Adam(0.1f).loadState(s3)).hasMessageContaining("a/bias/v").hasMessageContaining("(4,)");
        // A state whose shape differs from the variable's is caught at the next step.
        Adam other = new Adam(0.1f);
        other.loadState(adam.state());
        List<Variable> wrong = List.of(new Variable("a/kernel", Tensor.zeros(2, 2), true));
        wrong.get(0).value().setGrad(Tensor.ones(2, 2));
        assertThatThrownBy(() -> other.step(wrong)).hasMessageContaining("'a/kernel' has shape (2, 2)");
    }

    @Test
    void scheduleDrivesTheLearningRatePerUpdate() {
        SGD sgd = new SGD(new ExponentialDecay(1.0, 1, 0.5, false), 0f, false);
        Variable v = new Variable("x", Tensor.zeros(1), true);
        float[] expected = {0f, -1f, -1.5f, -1.75f};
        for (int i = 1; i < 4; i++) {
            assertThat(sgd.learningRate()).isEqualTo((float) Math.pow(0.5, i - 1));
            v.value().setGrad(Tensor.ones(1));
            sgd.step(List.of(v));
            assertThat(v.value().data()[0]).isEqualTo(expected[i]);
        }
        assertThatThrownBy(() -> sgd.setLearningRate(0.1f)).hasMessageContaining("ExponentialDecay schedule");
    }

    @Test
    void onlyOneClippingModeAndValidation() {
        assertThatThrownBy(() -> new Adam().clipNorm(1f).clipValue(1f)).hasMessageContaining("only one of clipvalue");
        assertThatThrownBy(() -> new SGD(0.1f, 0f, true)).hasMessageContaining("Nesterov");
        assertThatThrownBy(() -> new Adam().betas(1f, 0.9f)).hasMessageContaining("betas must be in [0, 1)");
        assertThatThrownBy(() -> Optimizers.get("adamz")).hasMessageContaining("unknown optimizer 'adamz'");
    }

    @Test
    void configRoundTripsThroughJson() {
        for (Supplier<BaseOptimizer<?>> make : ALL) {
            BaseOptimizer<?> o = make.get().weightDecay(0.01f).globalClipNorm(2f);
            Map<String, Object> c = json(o.config());
            assertThat(json(Optimizers.fromConfig(c).config())).isEqualTo(c);
        }
        Adam scheduled = new Adam(new ExponentialDecay(0.1, 10, 0.9, true), false);
        Map<String, Object> c = json(scheduled.config());
        assertThat(((BaseOptimizer<?>) Optimizers.fromConfig(c)).schedule()).isInstanceOf(ExponentialDecay.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(Map<String, Object> m) {
        try {
            ObjectMapper om = new ObjectMapper();
            return om.readValue(om.writeValueAsString(m), Map.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
