package io.cambium.tensor.ops.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Grouped-query attention on a packed projection: it must equal multi-head attention on the same
 * projection with every key/value head repeated for the query heads that read it, in values and
 * in gradients (the repeated heads' gradients summed), and the cached form must equal the full pass.
 */
class GroupedAttentionTest {
    private static final int HEADS = 4;
    private static final int KV = 2;
    private static final int HD = 3;

    /** The multi-head projection [B, T, 3·H·hd] with kv head h / (H / G) copied to head h. */
    private static Tensor repeated(Tensor qkv) {
        int b = qkv.dim(0);
        int t = qkv.dim(1);
        int w = qkv.dim(2);
        int rep = HEADS / KV;
        int dq = HEADS * HD;
        float[] x = qkv.data();
        float[] out = new float[b * t * 3 * dq];
        for (int r = 0; r < b * t; r++) {
            System.arraycopy(x, r * w, out, r * 3 * dq, dq);
            for (int h = 0; h < HEADS; h++) {
                int g = h / rep;
                System.arraycopy(x, r * w + dq + g * HD, out, r * 3 * dq + dq + h * HD, HD);
                System.arraycopy(x, r * w + dq + KV * HD + g * HD, out, r * 3 * dq + 2 * dq + h * HD, HD);
            }
        }
        return Tensor.of(out, b, t, 3 * dq);
    }

    /** Sums the gradient of the repeated projection back onto the grouped layout. */
    private static float[] folded(Tensor g, int w) {
        int b = g.dim(0);
        int t = g.dim(1);
        int rep = HEADS / KV;
        int dq = HEADS * HD;
        float[] x = g.data();
        float[] out = new float[b * t * w];
        for (int r = 0; r < b * t; r++) {
            System.arraycopy(x, r * 3 * dq, out, r * w, dq);
            for (int h = 0; h < HEADS; h++) {
                int gi = h / rep;
                for (int j = 0; j < HD; j++) {
                    out[r * w + dq + gi * HD + j] += x[r * 3 * dq + dq + h * HD + j];
                    out[r * w + dq + KV * HD + gi * HD + j] += x[r * 3 * dq + 2 * dq + h * HD + j];
                }
            }
        }
        return out;
    }

    @Test
    void equalsMultiHeadAttentionWithRepeatedKeysAndValues() {
        Rng rng = new Rng(21);
        int w = (HEADS + 2 * KV) * HD;
        for (boolean causal : new boolean[] {true, false}) {
            Tensor qkv = Tensor.normal(rng, 0, 1, 2, PackedAttention.BLOCK + 5, w).requiresGrad(true);
            Tensor mha = repeated(qkv).requiresGrad(true);
            Tensor r = Tensor.normal(rng, 0, 1, 2, PackedAttention.BLOCK + 5, HEADS * HD);
            Tensor got = PackedAttention.apply(qkv, HEADS, KV, causal, 0.7f);
            Tensor want = PackedAttention.apply(mha, HEADS, causal, 0.7f);
            Fixtures.assertClose("gqa out causal=" + causal, want, got, 1e-6, 1e-7);
            got.backward(r);
            want.backward(r);
            Fixtures.assertClose("gqa grad causal=" + causal, Tensor.of(folded(mha.grad(), w), qkv.shape()),
                    qkv.grad(), 1e-5, 1e-6);
        }
    }

    @Test
    void gradCheck() {
        Rng rng = new Rng(22);
        GradCheck.of(in -> PackedAttention.apply(in[0], HEADS, KV, true, 0.6f))
                .check(Tensor.normal(rng, 0, 1, 1, PackedAttention.BLOCK + 2, (HEADS + 2 * KV) * HD));
        GradCheck.of(in -> PackedAttention.apply(in[0], 3, 1, false, 0.6f))
                .check(Tensor.normal(rng, 0, 1, 2, 5, 5 * 2));
    }

    @Test
    void cachedDecodingMatchesTheFullPass() {
        Rng rng = new Rng(24);
        int b = 2;
        int t = 37;
        int w = (HEADS + 2 * KV) * HD;
        Tensor qkv = Tensor.normal(rng, 0, 1, b, t, w);
        Tensor full;
        try (NoGrad g = NoGrad.scope()) {
            full = PackedAttention.apply(qkv, HEADS, KV, true, 0.4f);
        }
        Tensor keys = Tensor.zeros(b, KV * HD, 40);
        Tensor values = Tensor.zeros(b, 40, KV * HD);
        int start = 0;
        for (int len : new int[] {33, 1, 3}) {
            Tensor part = qkv.narrow(1, start, len).copy();
            Tensor got = PackedAttention.cached(part, HEADS, KV, 0.4f, keys, values, start);
            Fixtures.assertClose("rows from " + start, full.narrow(1, start, len), got, 1e-5, 1e-6);
            start += len;
        }
        assertThat(keys.narrow(2, 0, t).permute(0, 2, 1).copy().data())
                .containsExactly(qkv.narrow(2, HEADS * HD, KV * HD).copy().data());
        assertThat(values.narrow(1, 0, t).data()).containsExactly(qkv.narrow(2, (HEADS + KV) * HD, KV * HD).data());
    }

    @Test
    void rejectsHeadsThatDoNotGroup() {
        assertThatThrownBy(() -> PackedAttention.apply(Tensor.zeros(1, 2, 24), 3, 2, true, 1f))
                .hasMessageContaining("multiple of kv_heads 2");
        assertThatThrownBy(() -> PackedAttention.apply(Tensor.zeros(1, 2, 25), 4, 2, true, 1f))
                .hasMessageContaining("(heads 4 + 2 · kv_heads 2) · head_dim").hasMessageContaining("(1, 2, 25)");
    }
}
