package io.cambium.nn.layers.attention;

import static io.cambium.nn.layers.attention.MultiHeadAttentionTest.relErr;
import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Masks;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attention, AdditiveAttention, position encodings and Transformer blocks: fixtures, gradients, configs. */
class AttentionLayersTest {
    private static final Fixtures FIX = Fixtures.load("attention.json");

    private static void checkDense(String name, BaseDenseAttention layer, Runnable setScale) {
        Fixtures.Case c = FIX.get(name);
        Tensor q = c.tensor("q").requiresGrad(true);
        Tensor v = c.tensor("v").requiresGrad(true);
        Tensor k = c.tensor("k").requiresGrad(true);
        layer.returnAttentionScores(true);
        layer.applyAll(List.of(q, v, k), false);
        setScale.run();
        Masks.attach(v, c.tensor("vmask"));
        List<Tensor> out = layer.applyAll(List.of(q, v, k), false);
        assertThat(relErr(c.tensor("out"), out.get(0))).as(name + " out").isLessThan(1e-5);
        assertThat(relErr(c.tensor("weights"), out.get(1))).as(name + " weights").isLessThan(1e-5);
        out.get(0).mul(c.tensor("r")).sum().backward();
        assertThat(relErr(c.tensor("g_q"), q.grad())).as(name + " g_q").isLessThan(1e-4);
        assertThat(relErr(c.tensor("g_k"), k.grad())).as(name + " g_k").isLessThan(1e-4);
        assertThat(relErr(c.tensor("g_v"), v.grad())).as(name + " g_v").isLessThan(1e-4);
    }

    @Test
    void luongAttentionMatchesReference() {
        Attention a = new Attention().useScale(true);
        checkDense("luong", a, () -> a.scale().assign(FIX.get("luong").tensor("scale")));
        assertThat(relErr(FIX.get("luong").tensor("g_scale"), a.scale().grad())).isLessThan(1e-4);
        assertThat(LayerRegistry.create("Attention", a.config()).config()).isEqualTo(a.config());
    }

    @Test
    void concatScoreModeMatchesReference() {
        Attention a = new Attention().useScale(true).scoreMode("concat");
        Fixtures.Case c = FIX.get("luong_concat");
        checkDense("luong_concat", a, () -> {
            a.scale().assign(c.tensor("scale"));
            a.concatScoreWeight().assign(c.tensor("concat_w"));
        });
        assertThat(relErr(c.tensor("g_scale"), a.scale().grad())).isLessThan(1e-4);
        assertThat(relErr(c.tensor("g_concat_w"), a.concatScoreWeight().grad())).isLessThan(1e-4);
        assertThat(LayerRegistry.create("Attention", a.config()).config()).isEqualTo(a.config());
    }

    @Test
    void additiveAttentionMatchesReference() {
        AdditiveAttention a = new AdditiveAttention();
        checkDense("additive", a, () -> a.scale().assign(FIX.get("additive").tensor("scale")));
        assertThat(relErr(FIX.get("additive").tensor("g_scale"), a.scale().grad())).isLessThan(1e-4);
        assertThat(LayerRegistry.create("AdditiveAttention", a.config()).config()).isEqualTo(a.config());
    }

    @Test
    void denseAttentionGradCheckWithCausalMask() {
        Cambium.seed(8);
        AdditiveAttention a = new AdditiveAttention().useCausalMask(true);
        GradCheck.of(in -> a.applyAll(List.of(in[0], in[1]), false).get(0))
                .check(Tensor.randn(2, 3, 4), Tensor.randn(2, 3, 4));
    }

    @Test
    void sineAndRotaryMatchKerasNlpFormulas() {
        Fixtures.Case c = FIX.get("positions");
        Tensor sine = c.tensor("sine");
        Tensor pe = new SinePositionEncoding().apply(Tensor.zeros(2, 6, 8));
        assertThat(relErr(sine.unsqueeze(0).expand(2, 6, 8).copy(), pe)).isLessThan(1e-6);
        Tensor rot = new RotaryEmbedding().apply(c.tensor("x"));
        assertThat(relErr(c.tensor("rotary"), rot)).isLessThan(1e-5);
        GradCheck.of(in -> RotaryEmbedding.apply(in[0], 10000f)).check(Tensor.randn(1, 4, 2, 6));
    }

    @Test
    void rotaryScoresDependOnlyOnDistance() {
        Tensor q = Tensor.randn(1, 1, 1, 8);
        Tensor k = Tensor.randn(1, 1, 1, 8);
        Tensor qs = q.expand(1, 6, 1, 8).copy();
        Tensor ks = k.expand(1, 6, 1, 8).copy();
        Tensor rq = RotaryEmbedding.apply(qs, 10000f);
        Tensor rk = RotaryEmbedding.apply(ks, 10000f);
        float d13 = dot(rq, 1, rk, 3);
        float d24 = dot(rq, 2, rk, 4);
        assertThat(d13).isCloseTo(d24, org.assertj.core.data.Offset.offset(1e-4f));
    }

    private static float dot(Tensor a, int i, Tensor b, int j) {
        float s = 0;
        for (int f = 0; f < 8; f++) {
            s += a.data()[i * 8 + f] * b.data()[j * 8 + f];
        }
        return s;
    }

    @Test
    void positionEmbeddingLearnsAndRoundTrips() {
        Cambium.seed(9);
        PositionEmbedding p = new PositionEmbedding(10);
        Tensor x = Tensor.randn(2, 4, 3);
        Tensor y = p.apply(x);
        assertThat(y.shape()).containsExactly(2, 4, 3);
        assertThat(y.get(0, 2, 1)).isEqualTo(p.embeddings().value().get(2, 1));
        assertThat(y.get(1, 2, 1)).isEqualTo(p.embeddings().value().get(2, 1));
        assertThat(LayerRegistry.create("PositionEmbedding", p.config()).config()).isEqualTo(p.config());
    }

    @Test
    void encoderBlockGradCheckPreAndPostNorm() {
        for (boolean pre : new boolean[] {false, true}) {
            Cambium.seed(10);
            TransformerEncoderBlock block = new TransformerEncoderBlock(8, 2).normalizeFirst(pre);
            block.apply(Tensor.randn(2, 3, 4));
            GradCheck.of(in -> block.apply(in[0], false)).check(Tensor.randn(2, 3, 4));
            assertThat(LayerRegistry.create("TransformerEncoderBlock", block.config()).config()).isEqualTo(block.config());
        }
    }

    @Test
    void encoderBlockIgnoresPaddedKeys() {
        Cambium.seed(11);
        TransformerEncoderBlock block = new TransformerEncoderBlock(8, 2);
        Tensor x = Tensor.randn(1, 4, 4);
        Tensor x2 = x.copy();
        x2.setInPlace(5f, 0, 3, 0);
        Tensor mask = Tensor.of(new float[] {1, 1, 1, 0}, 1, 4);
        Tensor a = block.apply(Masks.attach(x, mask));
        Tensor b = block.apply(Masks.attach(x2, mask));
        assertThat(relErr(a.slice(1, 0, 3), b.slice(1, 0, 3))).isLessThan(1e-6);
    }

    @Test
    void decoderBlockIsCausalAndGradChecks() {
        Cambium.seed(12);
        TransformerDecoderBlock block = new TransformerDecoderBlock(8, 2).normalizeFirst(true);
        Tensor enc = Tensor.randn(2, 5, 6);
        Tensor x = Tensor.randn(2, 3, 4);
        Tensor y = block.call(x, enc, false);
        Tensor x2 = x.copy();
        x2.setInPlace(3f, 0, 2, 1);
        Tensor y2 = block.call(x2, enc, false);
        // Changing the last step leaves the earlier outputs unchanged.
        assertThat(relErr(y.slice(1, 0, 2), y2.slice(1, 0, 2))).isLessThan(1e-6);
        assertThat(relErr(y.slice(1, 2, 3), y2.slice(1, 2, 3))).isGreaterThan(1e-3);
        GradCheck.of(in -> block.call(in[0], in[1], false)).check(Tensor.randn(2, 3, 4), Tensor.randn(2, 5, 6));
        assertThat(LayerRegistry.create("TransformerDecoderBlock", block.config()).config()).isEqualTo(block.config());
    }
}
