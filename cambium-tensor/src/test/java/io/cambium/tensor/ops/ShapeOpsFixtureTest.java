package io.cambium.tensor.ops;

import static io.cambium.testing.Fixtures.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward values and gradients of the shape, indexing, padding, embedding, one_hot and
 * normalization ops against PyTorch and NumPy (tools/fixtures/gen_shape.py).
 */
class ShapeOpsFixtureTest {
    private static final Fixtures F = Fixtures.load("shape.json");

    private static Stream<String> cases(String prefix) {
        return F.names().stream().filter(n -> n.startsWith(prefix));
    }

    static Stream<String> joinCases() {
        return Stream.concat(cases("concat_"), cases("stack_"));
    }

    @ParameterizedTest
    @MethodSource("joinCases")
    void concatAndStackMatchTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor[] xs = {c.tensor("x0").requiresGrad(true), c.tensor("x1").requiresGrad(true),
            c.tensor("x2").requiresGrad(true)};
        int axis = c.attr("axis").asInt();
        Tensor out = name.startsWith("concat") ? Tensor.concat(axis, xs) : Tensor.stack(axis, xs);
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        out.backward(c.tensor("gout"));
        for (int i = 0; i < 3; i++) {
            assertClose(c.id() + " g" + i, c.tensor("g" + i), xs[i].grad(), 0, 0);
        }
    }

    static Stream<String> splitCases() {
        return cases("split_");
    }

    @ParameterizedTest
    @MethodSource("splitCases")
    void splitMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        int axis = c.attr("axis").asInt();
        Tensor[] parts = c.attr("sizes").isArray() ? x.split(axis, c.ints("sizes"))
                : x.splitEqual(axis, c.attr("sizes").asInt());
        org.assertj.core.api.Assertions.assertThat(parts).hasSize(c.attr("parts").asInt());
        Tensor loss = null;
        for (int i = 0; i < parts.length; i++) {
            assertClose(c.id() + " out" + i, c.tensor("out" + i), parts[i], 0, 0);
            Tensor term = parts[i].mul(c.tensor("gout" + i)).sum();
            loss = loss == null ? term : loss.add(term);
        }
        loss.backward();
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-6, 1e-6);
    }

    static Stream<String> sliceCases() {
        return cases("slice_");
    }

    @ParameterizedTest
    @MethodSource("sliceCases")
    void sliceMatchesNumPy(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor out = x.slice(bounds(c.attr("starts")), bounds(c.attr("ends")), bounds(c.attr("steps")));
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        if (out.numel() > 0) {
            out.backward(c.tensor("gout"));
            assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 0, 0);
        }
    }

    private static int[] bounds(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isNull() ? Slicing.NONE : a.get(i).asInt();
        }
        return out;
    }

    static Stream<String> tileCases() {
        return Stream.concat(cases("tile_"), cases("flatten_"));
    }

    @ParameterizedTest
    @MethodSource("tileCases")
    void tileAndFlattenMatchTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        Tensor out = name.startsWith("tile") ? x.tile(c.ints("reps"))
                : x.flatten(c.attr("start").asInt(), c.attr("end").asInt());
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-6, 1e-6);
    }

    static Stream<String> indexCases() {
        return Stream.of(cases("index_select_"), cases("gather_"), cases("scatter_add_")).flatMap(s -> s);
    }

    @ParameterizedTest
    @MethodSource("indexCases")
    void indexingMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        int axis = c.attr("axis").asInt();
        Tensor src = c.has("src") ? c.tensor("src").requiresGrad(true) : null;
        Tensor out;
        if (name.startsWith("index_select")) {
            out = x.indexSelect(axis, c.ints("indices"));
        } else if (name.startsWith("gather")) {
            out = x.gather(axis, c.tensor("index"));
        } else {
            out = x.scatterAdd(axis, c.tensor("index"), src);
        }
        assertClose(c.id() + " out", c.tensor("out"), out, 1e-6, 1e-6);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-6, 1e-6);
        if (src != null) {
            assertClose(c.id() + " gsrc", c.tensor("gsrc"), src.grad(), 0, 0);
        }
    }

    static Stream<String> padCases() {
        return cases("pad_");
    }

    @ParameterizedTest
    @MethodSource("padCases")
    void padMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        JsonNode w = c.attr("widths");
        int[][] widths = new int[w.size()][];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = new int[] {w.get(i).get(0).asInt(), w.get(i).get(1).asInt()};
        }
        Tensor out = c.attr("mode").asText().equals("reflect") ? x.padReflect(widths)
                : x.pad(widths, (float) c.attr("value").asDouble());
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-6, 1e-6);
    }

    static Stream<String> embeddingCases() {
        return cases("embedding");
    }

    @ParameterizedTest
    @MethodSource("embeddingCases")
    void embeddingMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor w = c.tensor("weights").requiresGrad(true);
        Tensor out = Tensor.embedding(w, c.tensor("ids"));
        assertClose(c.id() + " out", c.tensor("out"), out, 0, 0);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gw", c.tensor("gw"), w.grad(), 1e-6, 1e-6);
    }

    static Stream<String> oneHotCases() {
        return cases("one_hot");
    }

    @ParameterizedTest
    @MethodSource("oneHotCases")
    void oneHotMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        assertClose(c.id(), c.tensor("out"), c.tensor("ids").oneHot(c.attr("classes").asInt()), 0, 0);
    }

    static Stream<String> layerNormCases() {
        return cases("layer_norm_");
    }

    @ParameterizedTest
    @MethodSource("layerNormCases")
    void layerNormMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        boolean affine = c.attr("affine").asBoolean();
        Tensor gamma = affine ? c.tensor("gamma").requiresGrad(true) : null;
        Tensor beta = affine ? c.tensor("beta").requiresGrad(true) : null;
        Tensor out = x.layerNorm(c.attr("axes").asInt(), gamma, beta, (float) c.attr("eps").asDouble());
        assertClose(c.id() + " out", c.tensor("out"), out, 1e-5, 1e-5);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
        if (affine) {
            assertClose(c.id() + " ggamma", c.tensor("ggamma"), gamma.grad(), 1e-4, 1e-5);
            assertClose(c.id() + " gbeta", c.tensor("gbeta"), beta.grad(), 1e-5, 1e-5);
        }
    }

    static Stream<String> batchNormCases() {
        return cases("batch_norm_");
    }

    @ParameterizedTest
    @MethodSource("batchNormCases")
    void batchNormMatchesTorch(String name) {
        Fixtures.Case c = F.get(name);
        Tensor x = c.tensor("x").requiresGrad(true);
        boolean affine = c.attr("affine").asBoolean();
        Tensor gamma = affine ? c.tensor("gamma").requiresGrad(true) : null;
        Tensor beta = affine ? c.tensor("beta").requiresGrad(true) : null;
        float eps = (float) c.attr("eps").asDouble();
        Tensor out;
        if (c.attr("training").asBoolean()) {
            BatchNormResult r = x.batchNormTraining(gamma, beta, eps);
            out = r.output();
            assertClose(c.id() + " mean", c.tensor("mean"), r.mean(), 1e-5, 1e-6);
            assertClose(c.id() + " var", c.tensor("var"), r.variance(), 1e-5, 1e-6);
            assertClose(c.id() + " unbiased var", c.tensor("unbiased_var"), r.unbiasedVariance(), 1e-5, 1e-6);
        } else {
            out = x.batchNormInference(c.tensor("moving_mean"), c.tensor("moving_var"), gamma, beta, eps);
        }
        assertClose(c.id() + " out", c.tensor("out"), out, 1e-5, 1e-5);
        out.backward(c.tensor("gout"));
        assertClose(c.id() + " gx", c.tensor("gx"), x.grad(), 1e-4, 1e-5);
        if (affine) {
            assertClose(c.id() + " ggamma", c.tensor("ggamma"), gamma.grad(), 1e-4, 1e-5);
            assertClose(c.id() + " gbeta", c.tensor("gbeta"), beta.grad(), 1e-5, 1e-5);
        }
    }
}
