package io.cambium.bench.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class GptModelTest {
    private static final GptConfig SMALL = new GptConfig(32, 16, 16, 2, 2, 32);

    private static Tensor ids(int... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = v[i];
        }
        return Tensor.of(f, 1, v.length);
    }

    @Test
    void parameterCountMatchesTheConfiguration() {
        assertThat(new GptModel(SMALL, new Rng(1)).parameterCount()).isEqualTo(SMALL.parameterCount());
    }

    @Test
    void attentionIsCausal() {
        GptModel m = new GptModel(SMALL, new Rng(2));
        try (NoGrad g = NoGrad.scope()) {
            float[] a = m.forward(ids(1, 2, 3, 4, 5, 6)).data();
            float[] b = m.forward(ids(1, 2, 3, 31, 30, 29)).data();
            int v = SMALL.vocab();
            for (int i = 0; i < 3 * v; i++) {
                assertThat(b[i]).isEqualTo(a[i]);           // positions 0..2 do not see the future
            }
            boolean changed = false;
            for (int i = 3 * v; i < 6 * v; i++) {
                changed |= a[i] != b[i];
            }
            assertThat(changed).isTrue();
        }
    }

    @Test
    void cachedForwardMatchesTheFullForward() {
        GptModel m = new GptModel(SMALL, new Rng(3));
        try (NoGrad g = NoGrad.scope()) {
            float[] full = m.forward(ids(5, 7, 9, 11, 13)).data();
            KvCache cache = m.newCache(1);
            m.forward(ids(5, 7, 9), 0, cache, true);
            m.forward(ids(11), 3, cache, true);
            float[] last = m.forward(ids(13), 4, cache, true).data();
            int v = SMALL.vocab();
            for (int j = 0; j < v; j++) {
                assertThat(last[j]).isCloseTo(full[4 * v + j], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void generationWithAndWithoutCacheAgreeAcrossWindowRestarts() {
        GptModel m = new GptModel(SMALL, new Rng(4));
        int[] prompt = {3, 1, 4, 1, 5};
        // 5 + 40 tokens pass the context of 16 several times (restart from the last 8).
        int[] cached = m.generate(prompt, 40, true, 8);
        int[] uncached = m.generate(prompt, 40, false, 8);
        assertThat(cached).hasSize(40).isEqualTo(uncached);
    }

    @Test
    void w5GenerationAgreesWithAndWithoutCache() {
        GptModel m = new GptModel(GptConfig.W5, new Rng(0));
        int[] prompt = new int[16];
        Rng r = new Rng(6);
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = r.nextInt(256);
        }
        // 16 + 120 passes the context of 128 once: one window restart from the last 64.
        assertThat(m.generate(prompt, 120, true, 64)).isEqualTo(m.generate(prompt, 120, false, 64));
    }
}
