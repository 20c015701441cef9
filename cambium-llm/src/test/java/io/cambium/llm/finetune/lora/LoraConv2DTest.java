package io.cambium.llm.finetune.lora;

import static io.cambium.llm.finetune.lora.LoraEmbeddingTest.randn;
import static io.cambium.llm.finetune.lora.LoraModelTest.maxDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Variable;
import io.cambium.nn.io.SafeTensors;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoRA on cambium-nn's Conv2D: PEFT's lora.Conv2d in a composite model ({@link TinyCnn}). */
class LoraConv2DTest {
    @TempDir
    Path tmp;

    static final Loss CE = Losses.sparseCategoricalCrossentropy(true);

    static Tensor x() {
        return randn(31, 4, 8, 8, 3);
    }

    static Tensor y() {
        return Tensor.of(new int[] {0, 3, 1, 4}, 4);
    }

    static TinyCnn cnn(long seed) {
        io.cambium.Cambium.seed(seed);
        return new TinyCnn();
    }

    static void train(TinyCnn m, int steps) {
        AdamW opt = new AdamW(0.05, 0.0);
        List<Variable> vars = m.trainableVariables();
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad(vars);
            CE.call(y(), m.call(x(), true)).backward();
            opt.step(vars);
        }
    }

    @Test
    void targetPatternsSelectConvolutionsAndAllLinearDoesNot() {
        assertThat(LoraModel.targets(cnn(1), new LoraConfig().targetModules("conv1"))).containsExactly("conv1");
        assertThat(LoraModel.targets(cnn(1), new LoraConfig().targetRegex("conv\\d"))).containsExactly("conv1", "conv2");
        // PEFT's all-linear: linear layers only (here the head), not convolutions.
        assertThat(LoraModel.targets(cnn(1), new LoraConfig().targetModules(LoraConfig.ALL_LINEAR)))
                .containsExactly("head");
        TinyCnn withRelu = new TinyCnn(new Conv2D(6, 3).padding("same").activation("relu"));
        assertThatThrownBy(() -> LoraModel.wrap(withRelu, new LoraConfig().targetModules("conv1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conv1 is a Conv2D with activation 'relu'")
                .hasMessageContaining("the layers LoRA can wrap here: conv2, head");
        TinyCnn grouped = new TinyCnn(new Conv2D(6, 3).padding("same").groups(3));
        assertThatThrownBy(() -> LoraModel.wrap(grouped, new LoraConfig().targetModules("conv1")))
                .hasMessageContaining("conv1 is a Conv2D with 3 groups");
        assertThat(LayerPaths.get(withRelu, "conv1")).isInstanceOf(Conv2D.class);
    }

    @Test
    void theAdapterLeavesTheOutputUnchangedAtStepZeroAndOnlyAdaptersTrain() {
        TinyCnn m = cnn(2);
        Tensor before = m.call(x(), false);
        Map<String, Tensor> kernels = Map.of("conv1", ((Conv2D) m.layer("conv1")).kernel().value().copy(),
                "conv2", ((Conv2D) m.layer("conv2")).kernel().value().copy());
        LoraModel lora = LoraModel.wrap(m, new LoraConfig().r(2).alpha(4).targetModules("conv1", "conv2"));
        LoraConv2D c1 = (LoraConv2D) lora.loraLayers().get("conv1");
        assertThat(c1.loraA(LoraModel.DEFAULT).shape()).containsExactly(3, 3, 3, 2);
        assertThat(c1.loraB(LoraModel.DEFAULT).shape()).containsExactly(1, 1, 2, 6);
        double bound = 1 / Math.sqrt(27.0);
        for (float v : c1.loraA(LoraModel.DEFAULT).value().data()) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) bound);
        }
        assertThat(m.call(x(), false).data()).containsExactly(before.data());
        assertThat(lora.trainableParameterCount()).isEqualTo(27 * 2 + 2 * 6 + 54 * 2 + 2 * 8);
        train(m, 4);
        assertThat(maxDiff(before, m.call(x(), false))).isGreaterThan(1e-3);
        kernels.forEach((p, k) -> assertThat(((Conv2D) ((LoraLayer) LayerPaths.get(m, p)).base()).kernel().value().data())
                .as(p).containsExactly(k.data()));
    }

    @Test
    void mergeAndUnmergeAreExactAlsoForAStridedDilatedSamePaddedConvolution() {
        for (TinyCnn m : new TinyCnn[] {cnn(3), new TinyCnn(new Conv2D(6, 3).padding("same").dilationRate(2))}) {
            Conv2D conv1 = (Conv2D) m.layer("conv1");
            Tensor k0 = conv1.kernel().value().copy();
            LoraModel lora = LoraModel.wrap(m, new LoraConfig().r(3).alpha(6).targetModules("conv1", "conv2"));
            train(m, 4);
            Tensor wrapped = m.call(x(), false);
            lora.merge();
            assertThat(maxDiff(k0, conv1.kernel().value())).as("kernel changed by merge").isGreaterThan(1e-4);
            assertThat(maxDiff(wrapped, m.call(x(), false))).as("merged vs wrapped").isLessThan(1e-5);
            lora.unmerge();
            assertThat(maxDiff(k0, conv1.kernel().value())).as("kernel after unmerge").isLessThan(1e-6);
            assertThat(maxDiff(wrapped, m.call(x(), false))).as("unmerged vs wrapped").isLessThan(1e-5);
            lora.mergeAndUnload();
            assertThat(m.layer("conv1")).isSameAs(conv1);
            assertThat(maxDiff(wrapped, m.call(x(), false))).as("merge_and_unload").isLessThan(1e-5);
        }
    }

    @Test
    void convolutionAdaptersSaveWithPeftNamesLoadAndSwitch() throws Exception {
        TinyCnn m = cnn(4);
        Tensor base = m.call(x(), false);
        LoraModel lora = LoraModel.wrap(m, new LoraConfig().r(2).alpha(4).targetModules("conv1", "conv2"));
        train(m, 3);
        Tensor first = m.call(x(), false);
        Path a = tmp.resolve("a");
        lora.saveAdapter(a);
        Map<String, Tensor> saved = SafeTensors.readTensors(a.resolve(LoraModel.WEIGHTS_FILE));
        assertThat(saved.keySet()).containsExactly("base_model.model.conv1.lora_A.weight",
                "base_model.model.conv1.lora_B.weight", "base_model.model.conv2.lora_A.weight",
                "base_model.model.conv2.lora_B.weight");
        assertThat(saved.get("base_model.model.conv1.lora_A.weight").shape()).containsExactly(2, 3, 3, 3);
        assertThat(saved.get("base_model.model.conv2.lora_B.weight").shape()).containsExactly(8, 2, 1, 1);
        // PyTorch's OIHW: element [r][in][i][j] of the file is A[i][j][in][r].
        Tensor fileA = saved.get("base_model.model.conv2.lora_A.weight");
        Tensor mineA = lora.loraLayers().get("conv2").loraA(LoraModel.DEFAULT).value();
        assertThat(fileA.data()[((1 * 6 + 4) * 3 + 2) * 3 + 0]).isEqualTo(mineA.data()[((2 * 3 + 0) * 6 + 4) * 2 + 1]);

        lora.addAdapter("other", new LoraConfig().r(1).alpha(1).targetModules("conv2"));
        assertThat(maxDiff(base, m.call(x(), false))).as("fresh second adapter = base").isLessThan(1e-6);
        train(m, 3);
        Tensor second = m.call(x(), false);
        lora.setAdapter(LoraModel.DEFAULT);
        assertThat(m.call(x(), false).data()).containsExactly(first.data());

        TinyCnn fresh = cnn(4);
        LoraModel loaded = LoraModel.load(fresh, a);
        assertThat(fresh.call(x(), false).data()).containsExactly(first.data());
        lora.setAdapter("other");
        Path b = tmp.resolve("b");
        lora.saveAdapter(b);
        loaded.loadAdapter(b, "other");
        assertThat(maxDiff(second, fresh.call(x(), false))).isLessThan(1e-6);
        loaded.setAdapter(null);
        assertThat(maxDiff(base, fresh.call(x(), false))).isLessThan(1e-6);
    }

    @Test
    void convolutionAdapterGradientsMatchFiniteDifferences() {
        // tanh between the layers: ReLU kinks near zero would spoil finite differences, not autograd.
        for (TinyCnn m : new TinyCnn[] {cnn(5).smooth(), new TinyCnn(new Conv2D(6, 3).padding("same").strides(2)).smooth(),
            new TinyCnn(new Conv2D(6, 3).dilationRate(2)).smooth()}) {
            LoraModel lora = LoraModel.wrap(m, new LoraConfig().r(2).alpha(4).targetModules("conv1", "conv2"));
            for (LoraLayer w : lora.loraLayers().values()) {
                int[] s = w.loraB(LoraModel.DEFAULT).shape();
                w.loraB(LoraModel.DEFAULT).assign(randn(40 + s[3], s).mul(0.3f));
            }
            List<Variable> vars = m.trainableVariables();
            assertThat(vars).hasSize(4);
            int n = VariableGradCheck.check(() -> CE.call(y(), m.call(x(), false)), vars, 25, 1e-2, 3e-4, 2e-2);
            assertThat(n).isEqualTo(100);
        }
    }
}
