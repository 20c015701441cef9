package io.cambium.tensor.ops.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** Rotary embedding of a packed projection: its definition, its gradient, and the relative-position property. */
class PackedRotaryTest {
    @Test
    void rotatesQueriesAndKeysAndCopiesValues() {
        Rng rng = new Rng(31);
        int heads = 2;
        int kv = 1;
        int hd = 4;
        int w = (heads + 2 * kv) * hd;
        Tensor qkv = Tensor.normal(rng, 0, 1, 2, 3, w);
        Tensor out = PackedRotary.apply(qkv, heads, kv, 5, 100.0);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                int pos = 5 + t;
                for (int h = 0; h < heads + kv; h++) {
                    for (int i = 0; i < hd / 2; i++) {
                        double a = pos * (double) (float) (1.0 / Math.pow(100.0, 2.0 * i / hd));
                        float x1 = qkv.get(b, t, h * hd + i);
                        float x2 = qkv.get(b, t, h * hd + hd / 2 + i);
                        assertThat(out.get(b, t, h * hd + i)).isCloseTo((float) (x1 * Math.cos(a) - x2 * Math.sin(a)),
                                org.assertj.core.data.Offset.offset(1e-5f));
                        assertThat(out.get(b, t, h * hd + hd / 2 + i))
                                .isCloseTo((float) (x2 * Math.cos(a) + x1 * Math.sin(a)),
                                        org.assertj.core.data.Offset.offset(1e-5f));
                    }
                }
                for (int j = (heads + kv) * hd; j < w; j++) {
                    assertThat(out.get(b, t, j)).isEqualTo(qkv.get(b, t, j));
                }
            }
        }
    }

    @Test
    void scoresDependOnlyOnTheDistance() {
        // q·k after rotation at positions (p, p') equals the same at (p + s, p' + s).
        Rng rng = new Rng(32);
        int hd = 8;
        Tensor row = Tensor.normal(rng, 0, 1, 1, 1, 3 * hd);
        Tensor two = Tensor.concat(1, row, row);
        Tensor a = PackedRotary.apply(two, 1, 1, 0, 10000.0);
        Tensor b = PackedRotary.apply(two, 1, 1, 17, 10000.0);
        Tensor c = PackedRotary.apply(row, 1, 1, 3, 10000.0);
        Tensor d = PackedRotary.apply(row, 1, 1, 20, 10000.0);
        // query at t=1 of a (pos 1) with key at pos 3 (c) vs query at pos 18 with key at pos 20.
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < hd; i++) {
            s1 += a.get(0, 1, i) * c.get(0, 0, hd + i);
            s2 += b.get(0, 1, i) * d.get(0, 0, hd + i);
        }
        assertThat(s1).isCloseTo(s2, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void gradCheckAndInverse() {
        Rng rng = new Rng(33);
        GradCheck.of(in -> PackedRotary.apply(in[0], 2, 1, 3, 10000.0)).check(Tensor.normal(rng, 0, 1, 2, 4, 16));
        // The gradient of a sum of squares is the input itself: rotation preserves norms.
        Tensor x = Tensor.normal(rng, 0, 1, 1, 6, 24).requiresGrad(true);
        Tensor y = PackedRotary.apply(x, 2, 2, 0, 10000.0);
        y.square().sum().backward();
        Fixtures.assertClose("d|Rx|^2/dx", x.mul(2f), x.grad(), 1e-5, 1e-6);
    }

    @Test
    void rejectsOddHeadWidth() {
        assertThatThrownBy(() -> PackedRotary.apply(Tensor.zeros(1, 2, 9), 1, 1, 0, 10000.0))
                .hasMessageContaining("head width must be even, got 3");
        assertThatThrownBy(() -> PackedRotary.table(0, 4, 3, 10000.0)).hasMessageContaining("width 3");
        assertThatThrownBy(() -> PackedRotary.table(0, -1, 4, 10000.0)).hasMessageContaining("length -1");
    }

    /** The public table holds the angles apply rotates by (an exported graph reads it as initializers). */
    @Test
    void tableIsWhatApplyRotatesBy() {
        int hd = 6;
        float[][] cs = PackedRotary.table(3, 4, hd, 500.0);
        // one head of queries, x1 = 1 and x2 = 0: the rotated halves are cos and sin
        float[] d = new float[4 * 3 * hd];
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < hd / 2; i++) {
                d[t * 3 * hd + i] = 1f;
            }
        }
        Tensor out = PackedRotary.apply(new Tensor(d, 1, 4, 3 * hd), 1, 1, 3, 500.0);
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < hd / 2; i++) {
                assertThat(out.get(0, t, i)).isEqualTo(cs[0][t * (hd / 2) + i]);
                assertThat(out.get(0, t, hd / 2 + i)).isEqualTo(cs[1][t * (hd / 2) + i]);
            }
        }
    }
}
