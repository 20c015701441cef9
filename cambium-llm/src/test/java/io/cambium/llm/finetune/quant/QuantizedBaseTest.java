package io.cambium.llm.finetune.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.finetune.BaseMemory;
import io.cambium.llm.finetune.lora.LoraConfig;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.quant.Int8Matrix;
import io.cambium.tensor.random.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuantizedBaseTest {
    static Tensor gaussian(long seed, int... shape) {
        Rng r = new Rng(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) r.nextGaussian() * 0.05f;
        }
        return Tensor.of(d, shape);
    }

    @Test
    void nf4PicksTheNearestLevelOfEachBlocksScale() {
        Tensor w = gaussian(1, 70, 30);
        Nf4Matrix q = Nf4Matrix.quantize(w);
        assertThat(q.storageBytes()).isEqualTo(70 * 30 / 2 + 4L * ((70 * 30 + 63) / 64));
        Tensor d = q.dequantize();
        assertThat(d.shape()).containsExactly(70, 30);
        // Each value is a level times its block's absmax, and no other level is nearer to the original.
        float[] flat = new float[70 * 30];
        for (int k = 0; k < 70; k++) {
            for (int j = 0; j < 30; j++) {
                flat[j * 70 + k] = w.get(k, j);
            }
        }
        for (int i = 0; i < flat.length; i++) {
            int block = i / 64;
            float absmax = 0;
            for (int m = block * 64; m < Math.min(flat.length, block * 64 + 64); m++) {
                absmax = Math.max(absmax, Math.abs(flat[m]));
            }
            float got = d.get(i % 70, i / 70);
            double err = Math.abs(got - flat[i]);
            for (float level : Nf4Matrix.LEVELS) {
                assertThat(err).isLessThanOrEqualTo(Math.abs(level * absmax - flat[i]) + 1e-7);
            }
        }
        assertThat(Nf4Matrix.nearest(0f)).isEqualTo(7);
        assertThat(Nf4Matrix.nearest(1f)).isEqualTo(15);
        assertThat(Nf4Matrix.nearest(-1f)).isZero();
    }

    @Test
    void quantizedLinearMatchesItsDequantizedDenseAndPassesGradientsToItsInput() {
        Dense dense = new Dense(70).useBias(true);
        dense.ensureBuilt(List.of(new int[] {-1, 20}));
        dense.kernel().assign(gaussian(2, 20, 70));
        dense.bias().assign(gaussian(3, 70));
        for (QuantFormat f : QuantFormat.values()) {
            QuantizedLinear q = QuantizedLinear.of(dense, f);
            Dense ref = q.toDense();
            Tensor x = gaussian(4, 5, 20);
            Tensor a = q.call(x, false);
            Tensor b = ref.call(x, false);
            for (int i = 0; i < a.numel(); i++) {
                assertThat(a.data()[i]).isCloseTo(b.data()[i], org.assertj.core.data.Offset.offset(1e-5f));
            }
            GradCheck.of(in -> q.call(in[0], true).mul(q.call(in[0], true))).check(gaussian(5, 3, 20));
            assertThat(q.trainableVariables()).isEmpty();
        }
        // int8 is the tensor module's format, reused.
        assertThat(QuantizedLinear.of(dense, QuantFormat.INT8).weight()).isInstanceOf(Int8Matrix.class);
    }

    @Test
    void loraTrainsOnAQuantizedBaseThatStaysFrozenAndSmall() {
        Gpt gpt = Gpt.withSeed(GptConfig.preset("tiny").vocabSize(16).contextLength(16), 9);
        BaseMemory floatMem = BaseMemory.of(frozen(gpt));
        Tensor x = Gpt.ids(new int[] {1, 5, 9, 2, 7, 3, 8, 4, 6, 10, 11, 0, 3, 5, 7, 9}, 2);
        Tensor y = Gpt.ids(new int[] {5, 9, 2, 7, 3, 8, 4, 6, 10, 11, 0, 3, 5, 7, 9, 1}, 2);
        Tensor floatLogits = gpt.forward(x, false);
        List<String> paths = BaseQuantization.quantize(gpt, QuantFormat.NF4);
        assertThat(paths).hasSize(8);
        BaseMemory nf4 = BaseMemory.of(gpt);
        assertThat((double) floatMem.linearBytes() / nf4.linearBytes()).isGreaterThan(6.0);
        double drift = 0;
        Tensor qLogits = gpt.forward(x, false);
        for (int i = 0; i < qLogits.numel(); i++) {
            drift = Math.max(drift, Math.abs(qLogits.data()[i] - floatLogits.data()[i]));
        }
        assertThat(drift).isGreaterThan(0).isLessThan(0.05);
        LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(4).alpha(8).targetModules("c_attn", "c_fc"));
        List<Variable> vars = gpt.trainableVariables();
        assertThat(vars).allMatch(v -> v.name().contains("/lora_"));
        AdamW opt = new AdamW(0.02, 0.0);
        double first = 0;
        double last = 0;
        for (int s = 0; s < 15; s++) {
            opt.zeroGrad(vars);
            Tensor l = gpt.loss(x, y, true);
            if (s == 0) {
                first = l.item();
            }
            last = l.item();
            l.backward();
            opt.step(vars);
        }
        assertThat(last).isLessThan(first - 0.1);
        assertThatThrownBy(lora::merge).hasMessageContaining("merging needs a float Dense base");
        QuantizedLinear q = (QuantizedLinear) ((io.cambium.llm.finetune.lora.LoraLinear) LayerPaths.get(gpt,
                "h.0.attn.c_attn")).base();
        assertThat(q.format()).isEqualTo(QuantFormat.NF4);
    }

    private static Gpt frozen(Gpt g) {
        g.trainable(false);
        return g;
    }
}
