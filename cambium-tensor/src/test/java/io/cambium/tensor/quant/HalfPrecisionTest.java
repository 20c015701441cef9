package io.cambium.tensor.quant;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import org.junit.jupiter.api.Test;

/** bf16 and fp16 conversions bit for bit against PyTorch and NumPy (tools/fixtures/gen_quant.py). */
class HalfPrecisionTest {
    private final Fixtures.Case c = Fixtures.load("quant.json").get("half");

    @Test
    void bfloat16MatchesTorch() {
        check(HalfPrecision.BFLOAT16, c.tensor("bf16_bits").data(), c.tensor("bf16").data());
    }

    @Test
    void float16MatchesNumpy() {
        check(HalfPrecision.FLOAT16, c.tensor("fp16_bits").data(), c.tensor("fp16").data());
    }

    private void check(HalfPrecision p, float[] bits, float[] values) {
        float[] x = c.tensor("x").data();
        short[] enc = p.encode(x);
        for (int i = 0; i < x.length; i++) {
            assertThat(enc[i] & 0xFFFF).as("%s bits of %s", p, x[i]).isEqualTo((int) bits[i]);
            assertThat(p.decode(enc[i])).as("%s value of %s", p, x[i]).isEqualTo(values[i]);
            assertThat(p.round(x[i])).as("%s rounding of %s", p, x[i]).isEqualTo(values[i]);
        }
        // the array forms agree with the scalar ones
        float[] rounded = new float[x.length];
        p.round(x, rounded);
        assertThat(rounded).containsExactly(values);
        assertThat(p.decode(enc)).containsExactly(values);
    }

    @Test
    void nanStaysNanAndEveryHalfRoundTrips() {
        for (HalfPrecision p : HalfPrecision.values()) {
            assertThat(p.decode(p.encode(Float.NaN))).isNaN();
            assertThat(p.round(Float.NaN)).isNaN();
            for (int b = 0; b < 0x10000; b++) {
                float v = p.decode((short) b);
                if (!Float.isNaN(v)) {
                    assertThat(p.encode(v) & 0xFFFF).as("%s %04x", p, b).isEqualTo(b);
                }
            }
        }
    }

    @Test
    void halfTensorStoresTwoBytesPerValue() {
        Tensor t = Tensor.of(new float[] {1f, 0.1f, -3.3f, 65000f}, 2, 2);
        HalfTensor h = HalfTensor.of(t, HalfPrecision.FLOAT16);
        assertThat(h.storageBytes()).isEqualTo(8);
        assertThat(h.toTensor().shape()).containsExactly(2, 2);
        assertThat(h.toTensor().data()).containsExactly(1f, HalfPrecision.FLOAT16.round(0.1f),
                HalfPrecision.FLOAT16.round(-3.3f), 64992f);
        assertThat(HalfPrecision.of("bf16")).isEqualTo(HalfPrecision.BFLOAT16);
        assertThat(HalfPrecision.of("half")).isEqualTo(HalfPrecision.FLOAT16);
    }
}
