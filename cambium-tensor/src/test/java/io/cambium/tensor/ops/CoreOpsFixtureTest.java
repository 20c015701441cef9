package io.cambium.tensor.ops;

import static io.cambium.testing.Fixtures.assertClose;

import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Forward values and gradients of the core ops against PyTorch (tools/fixtures/gen_tensor_core.py). */
class CoreOpsFixtureTest {
    private static final Fixtures CORE = Fixtures.load("core.json");
    private static final double RTOL = 1e-5;
    private static final double ATOL = 1e-5;

    static Stream<String> binaryCases() {
        return CORE.names().stream().filter(n -> n.matches("(add|sub|mul|div)_.*"));
    }

    @ParameterizedTest
    @MethodSource("binaryCases")
    void binaryOpsMatchTorch(String name) {
        Fixtures.Case c = CORE.get(name);
        Tensor a = c.tensor("a").requiresGrad(true);
        Tensor b = c.tensor("b").requiresGrad(true);
        Tensor out = switch (c.attr("op").asText()) {
            case "add" -> a.add(b);
            case "sub" -> a.sub(b);
            case "mul" -> a.mul(b);
            case "div" -> a.div(b);
            default -> throw new IllegalStateException();
        };
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, ATOL);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " ga", c.tensor("ga"), a.grad(), 1e-4, 1e-5);
        assertClose(c.id() + " gb", c.tensor("gb"), b.grad(), 1e-4, 1e-5);
    }

    static Stream<String> reductionCases() {
        return CORE.names().stream().filter(n -> n.startsWith("sum_") || n.startsWith("mean_"));
    }

    @ParameterizedTest
    @MethodSource("reductionCases")
    void reductionsMatchTorch(String name) {
        Fixtures.Case c = CORE.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        int[] axes = c.attr("axes").isNull() ? null : c.ints("axes");
        boolean keep = c.attr("keepdims").asBoolean();
        Tensor out = name.startsWith("sum") ? (axes == null ? x.sum() : x.sum(axes, keep))
                : (axes == null ? x.mean() : x.mean(axes, keep));
        assertClose(c.id() + " out", c.tensor("out"), out, RTOL, ATOL);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), RTOL, ATOL);
    }

    static Stream<String> matmulCases() {
        return CORE.names().stream().filter(n -> n.startsWith("mm") || n.startsWith("bmm") || n.equals("mv")
                || n.equals("vm"));
    }

    @ParameterizedTest
    @MethodSource("matmulCases")
    void matmulMatchesTorch(String name) {
        Fixtures.Case c = CORE.get(name);
        Tensor a = c.tensor("a").requiresGrad(true);
        Tensor b = c.tensor("b").requiresGrad(true);
        Tensor out = a.matmul(b, c.attr("ta").asBoolean(), c.attr("tb").asBoolean());
        assertClose(c.id() + " out", c.tensor("out"), out, 1e-4, 1e-5);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " ga", c.tensor("ga"), a.grad(), 1e-4, 1e-5);
        assertClose(c.id() + " gb", c.tensor("gb"), b.grad(), 1e-4, 1e-5);
    }

    @ParameterizedTest
    @MethodSource("permuteCases")
    void permuteMatchesTorch(String name) {
        Fixtures.Case c = CORE.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor out = x.permute(c.ints("axes"));
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 0, 0);
    }

    static Stream<String> permuteCases() {
        return Stream.of("permute");
    }
}
