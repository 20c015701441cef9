package io.cambium.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Fake quantization and its straight-through gradient against PyTorch, observer ranges against
 * PyTorch's MinMaxObserver, and the 16-bit cast's gradient.
 */
class FakeQuantizeTest {
    private final Fixtures f = Fixtures.load("quant.json");

    @Test
    void perTensorMatchesTorch() {
        for (int i = 0; i < 3; i++) {
            Fixtures.Case c = f.get("per_tensor_" + i);
            Tensor x = c.tensor("x").requiresGrad(true);
            ActivationQuant q = new ActivationQuant((float) c.attr("scale").asDouble(), c.attr("zero_point").asInt());
            Tensor out = FakeQuantize.perTensor(x, q);
            assertThat(out.data()).as(c.id()).containsExactly(c.tensor("out").data(), within(1e-6f));
            out.mul(c.tensor("w")).sum().backward();
            assertThat(x.grad().data()).as(c.id()).containsExactly(c.tensor("grad").data(), within(1e-6f));
        }
    }

    @Test
    void perChannelMatchesTorch() {
        for (String name : new String[] {"per_channel", "per_channel_clipped"}) {
            Fixtures.Case c = f.get(name);
            Tensor k = c.tensor("k").requiresGrad(true);
            Tensor out = FakeQuantize.perChannelSymmetric(k, c.tensor("scales").data());
            assertThat(out.data()).as(name).containsExactly(c.tensor("out").data(), within(1e-6f));
            out.mul(c.tensor("w")).sum().backward();
            assertThat(k.grad().data()).as(name).containsExactly(c.tensor("grad").data(), within(1e-6f));
        }
        float[] scales = FakeQuantize.symmetricScales(f.get("per_channel").tensor("k"));
        assertThat(scales).containsExactly(f.get("per_channel").tensor("scales").data(), within(1e-9f));
    }

    @Test
    void observerRangesMatchTorch() {
        for (int i = 0; i < 5; i++) {
            Fixtures.Case c = f.get("observer_" + i);
            float[] r = c.tensor("range").data();
            ActivationQuant q = ActivationQuant.ofRange(r[0], r[1]);
            assertThat(q.scale()).as(c.id()).isEqualTo(c.tensor("scale").data()[0]);
            assertThat(q.zeroPoint()).as(c.id()).isEqualTo((int) c.tensor("zero_point").data()[0]);
            assertThat(q.fakeQuantize(0f)).as("zero is exact").isEqualTo(0f);
        }
    }

    @Test
    void halfCastRoundsValuesAndGradients() {
        Rng rng = new Rng(5);
        Tensor x = Tensor.normal(rng, 0, 1, 4, 6).requiresGrad(true);
        Tensor y = HalfCast.apply(x, HalfPrecision.FLOAT16);
        for (int i = 0; i < x.numel(); i++) {
            assertThat(y.data()[i]).isEqualTo(HalfPrecision.FLOAT16.round(x.data()[i]));
        }
        // a gradient of 1e-8 is below fp16's smallest subnormal (6e-8) and underflows; 1e-3 survives rounded
        y.mul(1e-8f).sum().backward();
        assertThat(x.grad().data()).containsOnly(0f);
        x.zeroGrad();
        HalfCast.apply(x, HalfPrecision.BFLOAT16).mul(1e-8f).sum().backward();
        assertThat(x.grad().data()).containsOnly(HalfPrecision.BFLOAT16.round(1e-8f));
    }
}
