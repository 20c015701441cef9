package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.HalfPrecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tensors written as I8, BF16 and F16 take 1 or 2 bytes per value and read back as float32. */
class StoredTypesTest {
    @Test
    void writesAndReadsI8Bf16AndF16(@TempDir Path dir) throws Exception {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("q", Tensor.of(new float[] {-128f, -1f, 0f, 127f}));
        t.put("b", Tensor.of(new float[] {0.1f, -3.3f, 1e30f}));
        t.put("h", Tensor.of(new float[] {0.1f, 65504f, 1e-8f}));
        t.put("f", Tensor.of(new float[] {0.1f}));
        Path p = dir.resolve("typed.safetensors");
        SafeTensors.write(p, t, Map.of(), Map.of("q", "I8", "b", "BF16", "h", "F16"));
        Map<String, Tensor> back = SafeTensors.readTensors(p);
        assertThat(back.get("q").data()).containsExactly(-128f, -1f, 0f, 127f);
        for (int i = 0; i < 3; i++) {
            assertThat(back.get("b").data()[i]).isEqualTo(HalfPrecision.BFLOAT16.round(t.get("b").data()[i]));
            assertThat(back.get("h").data()[i]).isEqualTo(HalfPrecision.FLOAT16.round(t.get("h").data()[i]));
        }
        assertThat(back.get("f").data()).containsExactly(0.1f);
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, t, Map.of());
        // 4 + 3 + 3 values saved 3 bytes each or 2: 4·3 + 3·2 + 3·2 = 24 bytes less
        assertThat(Files.size(plain) - Files.size(p)).isBetween(16L, 32L);
        assertThatThrownBy(() -> SafeTensors.write(dir.resolve("x"), Map.of("q", Tensor.of(new float[] {0.5f})), Map.of(),
                Map.of("q", "I8"))).hasMessageContaining("which I8 cannot store");
        assertThatThrownBy(() -> SafeTensors.write(dir.resolve("x"), Map.of("q", Tensor.of(new float[] {1f})), Map.of(),
                Map.of("q", "I32"))).hasMessageContaining("cannot write tensor 'q' as I32");
    }
}
