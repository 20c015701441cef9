package io.cambium.tensor.ops;

import static io.cambium.testing.Fixtures.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward values and gradients of elementwise math, activations, comparisons, reductions and
 * softmax against PyTorch (tools/fixtures/gen_elementwise.py), including values at kinks and
 * extreme inputs.
 */
class ElementwiseFixtureTest {
    private static final Fixtures FX = Fixtures.load("elementwise.json");
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-6;

    static Stream<String> unaryCases() {
        return FX.names().stream().filter(n -> FX.get(n).has("x") && isUnary(FX.get(n).attr("op").asText()));
    }

    private static boolean isUnary(String op) {
        return !op.matches("max|min|var|std|logsumexp|norm|argmax|argmin|cumsum|softmax|log_softmax|erf");
    }

    @ParameterizedTest
    @MethodSource("unaryCases")
    void unaryOpsMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor out = switch (c.attr("op").asText()) {
            case "abs" -> x.abs();
            case "exp" -> x.exp();
            case "log" -> x.log();
            case "log1p" -> x.log1p();
            case "sqrt" -> x.sqrt();
            case "rsqrt" -> x.rsqrt();
            case "square" -> x.square();
            case "sign" -> x.sign();
            case "reciprocal" -> x.reciprocal();
            case "pow_scalar" -> x.pow((float) c.attr("p").asDouble());
            case "clip" -> x.clip((float) c.attr("lo").asDouble(), (float) c.attr("hi").asDouble());
            case "relu" -> x.relu();
            case "relu6" -> x.relu6();
            case "leaky_relu" -> x.leakyRelu((float) c.attr("alpha").asDouble());
            case "elu" -> x.elu((float) c.attr("alpha").asDouble());
            case "selu" -> x.selu();
            case "gelu" -> x.gelu();
            case "gelu_tanh" -> x.gelu(true);
            case "sigmoid" -> x.sigmoid();
            case "tanh" -> x.tanh();
            case "softplus" -> x.softplus((float) c.attr("beta").asDouble(), (float) c.attr("threshold").asDouble());
            case "softsign" -> x.softsign();
            case "silu" -> x.silu();
            case "hard_sigmoid" -> x.hardSigmoid();
            default -> throw new IllegalStateException("unknown op in " + c.id());
        };
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, ATOL);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
    }

    static Stream<String> binaryCases() {
        return FX.names().stream().filter(n -> FX.get(n).has("ga"));
    }

    @ParameterizedTest
    @MethodSource("binaryCases")
    void binaryOpsMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor a = c.tensor("a").requiresGrad(true);
        Tensor b = c.tensor("b").requiresGrad(true);
        Tensor out = name.startsWith("where") ? Tensor.where(c.tensor("cond"), a, b)
                : switch (c.attr("op").asText()) {
                    case "pow" -> a.pow(b);
                    case "maximum" -> a.maximum(b);
                    case "minimum" -> a.minimum(b);
                    default -> throw new IllegalStateException("unknown op in " + c.id());
                };
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, ATOL);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " ga", c.tensor("ga"), a.grad(), 1e-4, 1e-5);
        assertClose(c.id() + " gb", c.tensor("gb"), b.grad(), 1e-4, 1e-5);
    }

    static Stream<String> comparisonCases() {
        return FX.names().stream().filter(n -> n.startsWith("cmp_"));
    }

    @ParameterizedTest
    @MethodSource("comparisonCases")
    void comparisonsMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor a = c.tensor("a").requiresGrad(true);
        Tensor b = c.tensor("b");
        Tensor out = switch (c.attr("op").asText()) {
            case "gt" -> a.gt(b);
            case "ge" -> a.ge(b);
            case "lt" -> a.lt(b);
            case "le" -> a.le(b);
            case "eq" -> a.eq(b);
            case "ne" -> a.ne(b);
            default -> throw new IllegalStateException("unknown op in " + c.id());
        };
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        assertThat(out.requiresGrad()).as("comparisons are not recorded").isFalse();
    }

    static Stream<String> reductionCases() {
        return FX.names().stream().filter(n -> FX.get(n).has("gx")
                && FX.get(n).attr("op").asText().matches("max|min|var|std|logsumexp|norm"));
    }

    @ParameterizedTest
    @MethodSource("reductionCases")
    void reductionsMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        int[] axes = c.ints("axes");
        boolean keep = c.attr("keepdims").asBoolean();
        Tensor out = switch (c.attr("op").asText()) {
            case "max" -> x.max(axes, keep);
            case "min" -> x.min(axes, keep);
            case "var" -> x.var(axes, c.attr("correction").asInt(), keep);
            case "std" -> x.std(axes, c.attr("correction").asInt(), keep);
            case "logsumexp" -> x.logsumexp(axes, keep);
            case "norm" -> x.norm(c.attr("p").asInt(), axes, keep);
            default -> throw new IllegalStateException("unknown op in " + c.id());
        };
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, 1e-5);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
    }

    static Stream<String> argCases() {
        return FX.names().stream().filter(n -> n.startsWith("argm"));
    }

    @ParameterizedTest
    @MethodSource("argCases")
    void argExtremaMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor x = c.tensor("x");
        boolean keep = c.attr("keepdims").asBoolean();
        boolean max = c.attr("op").asText().equals("argmax");
        Tensor out = c.attr("axis").isNull() ? (max ? x.argmax() : x.argmin())
                : max ? x.argmax(c.attr("axis").asInt(), keep) : x.argmin(c.attr("axis").asInt(), keep);
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
    }

    static Stream<String> axisCases() {
        return FX.names().stream().filter(n -> FX.get(n).attr("op").asText().matches("cumsum|softmax|log_softmax"));
    }

    @ParameterizedTest
    @MethodSource("axisCases")
    void axisOpsMatchTorch(String name) {
        Fixtures.Case c = FX.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        int axis = c.attr("axis").asInt();
        Tensor out = switch (c.attr("op").asText()) {
            case "cumsum" -> x.cumsum(axis);
            case "softmax" -> x.softmax(axis);
            case "log_softmax" -> x.logSoftmax(axis);
            default -> throw new IllegalStateException("unknown op in " + c.id());
        };
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, 1e-5);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
    }
}
