package io.cambium.nn.layers.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.testing.Fixtures;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MultiHeadAttention against torch.nn.MultiheadAttention (fixture attention.json) and finite differences. */
class MultiHeadAttentionTest {
    private static final Fixtures FIX = Fixtures.load("attention.json");

    /** max |actual - expected| / max |expected|. */
    static double relErr(Tensor expected, Tensor actual) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        float[] e = expected.data();
        float[] a = actual.data();
        double num = 0;
        double den = 0;
        for (int i = 0; i < e.length; i++) {
            num = Math.max(num, Math.abs(a[i] - e[i]));
            den = Math.max(den, Math.abs(e[i]));
        }
        return num / den;
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float f : t.data()) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static void check(String name, boolean withScores) {
        Fixtures.Case c = FIX.get(name);
        boolean cross = c.attr("cross").asBoolean();
        boolean causal = c.attr("causal").asBoolean();
        boolean masked = c.attr("masked").asBoolean();
        int heads = c.attr("heads").asInt();
        Tensor wq = c.tensor("wq");
        MultiHeadAttention mha = new MultiHeadAttention(heads, wq.dim(2));
        Tensor q = c.tensor("query").requiresGrad(true);
        Tensor k = cross ? c.tensor("key").requiresGrad(true) : q;
        Tensor v = cross ? c.tensor("value").requiresGrad(true) : q;
        mha.call(q, v, k, null, false, false, false);
        mha.queryKernel().assign(wq);
        mha.keyKernel().assign(c.tensor("wk"));
        mha.valueKernel().assign(c.tensor("wv"));
        mha.queryBias().assign(c.tensor("bq"));
        mha.keyBias().assign(c.tensor("bk"));
        mha.valueBias().assign(c.tensor("bv"));
        mha.outputKernel().assign(c.tensor("wo"));
        mha.outputBias().assign(c.tensor("bo"));
        Tensor mask = masked && !causal ? c.tensor("keep") : null;
        List<Tensor> out = mha.call(q, v, cross ? k : null, mask, causal, withScores, false);
        double errOut = relErr(c.tensor("out"), out.get(0));
        double errW = withScores ? relErr(c.tensor("weights"), out.get(1)) : 0;
        out.get(0).mul(c.tensor("r")).sum().backward();
        double errG = 0;
        String[][] grads = {{"g_wq", "q"}, {"g_wk", "k"}, {"g_wv", "v"}, {"g_bq", "bq"}, {"g_bk", "bk"},
            {"g_bv", "bv"}, {"g_wo", "o"}, {"g_bo", "bo"}};
        Variable[] vars = {mha.queryKernel(), mha.keyKernel(), mha.valueKernel(), mha.queryBias(), mha.keyBias(),
            mha.valueBias(), mha.outputKernel(), mha.outputBias()};
        for (int i = 0; i < vars.length; i++) {
            if (grads[i][0].equals("g_bk")) {
                // Softmax ignores a per-query constant, so the key bias has zero gradient: both sides are rounding noise.
                double scale = maxAbs(c.tensor("g_bq"));
                assertThat(maxAbs(vars[i].grad()) / scale).as(name + " g_bk ~ 0").isLessThan(1e-4);
                assertThat(maxAbs(c.tensor("g_bk")) / scale).as(name + " torch g_bk ~ 0").isLessThan(1e-4);
                continue;
            }
            double e = relErr(c.tensor(grads[i][0]), vars[i].grad());
            assertThat(e).as(name + " " + grads[i][0]).isLessThan(1e-4);
            errG = Math.max(errG, e);
        }
        double e = relErr(c.tensor("g_query"), q.grad());
        errG = Math.max(errG, e);
        if (cross) {
            errG = Math.max(errG, relErr(c.tensor("g_key"), k.grad()));
            errG = Math.max(errG, relErr(c.tensor("g_value"), v.grad()));
        }
        System.out.printf("MHA fixture %s (" + (withScores ? "composed" : "fused") + "): rel err output %.2e, weights %.2e, gradients %.2e%n", name, errOut, errW, errG);
        assertThat(errOut).as(name + " output").isLessThan(1e-4);
        assertThat(errW).as(name + " weights").isLessThan(1e-4);
        assertThat(errG).as(name + " input gradients").isLessThan(1e-4);
    }

    @Test
    void selfAttentionMatchesTorch() {
        check("self", true);
        check("self", false);
    }

    @Test
    void crossAttentionWithMaskAndKeyPaddingMatchesTorch() {
        check("cross_masks", true);
        check("cross_masks", false);
    }

    @Test
    void causalMaskMatchesTorch() {
        check("causal", true);
        check("causal", false);
    }

    @Test
    void gradCheckThroughInputsAndWeights() {
        Cambium.seed(3);
        MultiHeadAttention mha = new MultiHeadAttention(2, 3).valueDim(4).outputShape(5);
        Tensor keep = Tensor.of(new float[] {1, 1, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1}, 1, 4, 4)
                .expand(2, 4, 4).copy();
        mha.call(Tensor.randn(2, 4, 6), Tensor.randn(2, 4, 6), true);
        GradCheck.of(in -> mha.call(in[0], in[1], in[2], keep, true, false, false).get(0))
                .check(Tensor.randn(2, 4, 6), Tensor.randn(2, 4, 6), Tensor.randn(2, 4, 6));
    }

    @Test
    void scaledDotProductAttentionGradCheckWithMaskAndCausal() {
        Tensor add = ScaledDotProductAttention.additive(
                Tensor.of(new float[] {1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1}, 3, 4));
        GradCheck.of(in -> ScaledDotProductAttention.apply(in[0], in[1], in[2], add, true, 0.5f, 0f, false).output())
                .check(Tensor.randn(2, 3, 5), Tensor.randn(2, 4, 5), Tensor.randn(2, 4, 3));
    }

    @Test
    void rotaryQueriesAndKeysGradCheck() {
        Cambium.seed(4);
        MultiHeadAttention mha = new MultiHeadAttention(2, 4).rotaryEmbedding(true);
        mha.call(Tensor.randn(1, 5, 6), true);
        GradCheck.of(in -> mha.call(in[0], false)).check(Tensor.randn(1, 5, 6));
    }

    @Test
    void fullyMaskedRowsStayFiniteAndDropoutOnlyInTraining() {
        Cambium.seed(5);
        MultiHeadAttention mha = new MultiHeadAttention(2, 4).dropout(0.5);
        Tensor x = Tensor.randn(2, 3, 8);
        Tensor none = Tensor.zeros(2, 3, 3);
        Tensor y = mha.call(x, x, null, none, false, false, false).get(0);
        for (float f : y.data()) {
            assertThat(Float.isFinite(f)).isTrue();
        }
        Tensor a = mha.call(x, false);
        Tensor b = mha.call(x, false);
        assertThat(a.data()).containsExactly(b.data());
        Tensor t = mha.call(x, true);
        assertThat(relErr(a, t)).isGreaterThan(1e-3);
    }

    @Test
    void functionalModelWithScoresAndConfigRoundTrip() {
        Layer.resetNames();
        SymbolicTensor q = Input.shape(4, 8);
        SymbolicTensor v = Input.shape(6, 8);
        MultiHeadAttention mha = new MultiHeadAttention(2, 4).returnAttentionScores(true);
        List<SymbolicTensor> outs = mha.applyAll(q, v);
        assertThat(outs.get(0).shape()).containsExactly(-1, 4, 8);
        assertThat(outs.get(1).shape()).containsExactly(-1, 2, 4, 6);
        Model m = new Model(List.of(q, v), List.of(outs.get(0), outs.get(1)));
        assertThat(mha.queryKernel().shape()).containsExactly(8, 2, 4);
        assertThat(mha.outputKernel().shape()).containsExactly(2, 4, 8);
        Map<String, Object> cfg = mha.config();
        MultiHeadAttention copy = (MultiHeadAttention) LayerRegistry.create("MultiHeadAttention", cfg);
        assertThat(copy.config()).isEqualTo(cfg);
        assertThatThrownBy(() -> mha.call(Tensor.randn(1, 4, 7), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MultiHeadAttention");
        assertThat(m.countParams()).isEqualTo(4L * (8 * 8 + 8));
    }
}
