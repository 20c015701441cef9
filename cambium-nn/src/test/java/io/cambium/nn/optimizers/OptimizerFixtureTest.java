package io.cambium.nn.optimizers;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer against torch.optim over 10 steps of the same gradient sequence (RMSprop's
 * Keras update against Keras's formula, computed in the fixture script).
 */
class OptimizerFixtureTest {
    private static final Fixtures FIX = Fixtures.load("optimizers.json");

    static Stream<String> cases() {
        return FIX.names().stream().filter(n -> !n.startsWith("sched_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTorchStepByStep(String name) {
        Fixtures.Case c = FIX.get(name);
        BaseOptimizer<?> opt = build(c);
        Variable w = new Variable("dense/kernel", c.tensor("w0"), true);
        Variable b = new Variable("dense/bias", c.tensor("b0"), true);
        List<Variable> vars = List.of(w, b);
        Tensor gw = c.tensor("gw");
        Tensor gb = c.tensor("gb");
        Tensor pw = c.tensor("pw");
        Tensor pb = c.tensor("pb");
        for (int t = 0; t < 10; t++) {
            w.value().setGrad(slice(gw, t, 2, 3));
            b.value().setGrad(slice(gb, t, 3));
            opt.step(vars);
            Fixtures.assertClose(c.id() + " w after step " + (t + 1), slice(pw, t, 2, 3), w.value(), 1e-4, 1e-6);
            Fixtures.assertClose(c.id() + " b after step " + (t + 1), slice(pb, t, 3), b.value(), 1e-4, 1e-6);
        }
        assertThat(opt.iterations()).isEqualTo(10);
    }

    static Tensor slice(Tensor stacked, int t, int... shape) {
        int n = io.cambium.tensor.Shape.numel(shape);
        float[] d = new float[n];
        System.arraycopy(stacked.data(), t * n, d, 0, n);
        return new Tensor(d, shape);
    }

    static float f(Fixtures.Case c, String key, float fallback) {
        return c.hasAttr(key) ? (float) c.attr(key).asDouble() : fallback;
    }

    static boolean bool(Fixtures.Case c, String key) {
        return c.hasAttr(key) && c.attr(key).asBoolean();
    }

    static BaseOptimizer<?> build(Fixtures.Case c) {
        String kind = c.attr("optimizer").asText();
        float lr = f(c, "lr", 0);
        float eps = f(c, "eps", 1e-7f);
        BaseOptimizer<?> o = switch (kind) {
            case "sgd" -> new SGD(lr, f(c, "momentum", 0), bool(c, "nesterov")).dampening(f(c, "dampening", 0));
            case "adam" -> new Adam(lr, bool(c, "amsgrad")).betas(f(c, "beta1", 0.9f), f(c, "beta2", 0.999f)).epsilon(eps);
            case "adamw" -> new AdamW(lr, f(c, "weight_decay", 0), bool(c, "amsgrad")).epsilon(eps);
            case "adamax" -> new Adamax(lr).epsilon(eps);
            case "nadam" -> new Nadam(lr).epsilon(eps).momentumDecay(f(c, "momentum_decay", 0.004f));
            case "rmsprop" -> new RMSprop(lr, f(c, "momentum", 0), bool(c, "centered")).rho(f(c, "rho", 0.9f)).epsilon(eps)
                    .epsilonInsideSqrt(bool(c, "epsilon_inside_sqrt"));
            case "adagrad" -> new Adagrad(lr).initialAccumulatorValue(f(c, "initial_accumulator_value", 0.1f))
                    .lrDecay(f(c, "lr_decay", 0)).epsilon(eps);
            case "adadelta" -> new Adadelta(lr).rho(f(c, "rho", 0.9f)).epsilon(eps);
            default -> throw new IllegalArgumentException(kind);
        };
        if (!kind.equals("adamw")) {
            o.weightDecay(f(c, "weight_decay", 0));
        }
        if (c.hasAttr("clipnorm")) {
            o.clipNorm(f(c, "clipnorm", 0));
        }
        if (c.hasAttr("global_clipnorm")) {
            o.globalClipNorm(f(c, "global_clipnorm", 0));
        }
        if (c.hasAttr("clipvalue")) {
            o.clipValue(f(c, "clipvalue", 0));
        }
        return o;
    }
}
