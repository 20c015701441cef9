package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safetensors files Cambium writes with F16 and BF16 tensors hold the bits PyTorch and NumPy give
 * the same float32 values (tools/fixtures/gen_safetensors_half.py: rounding to nearest even,
 * overflow to infinity, subnormals, ties), in the layout the format's reference reader accepts:
 * 8-byte little-endian header length, a JSON object of {@code dtype}/{@code shape}/
 * {@code data_offsets} and a {@code __metadata__} map of strings, offsets contiguous from 0 and
 * covering the data exactly, each tensor's byte length its element count times the dtype's size.
 */
class SafeTensorsHalfWritingTest {
    @TempDir
    Path dir;

    @Test
    void f16AndBf16BitsArePyTorchs() throws Exception {
        Fixtures.Case c = Fixtures.load("safetensors_half.json").get("values");
        Tensor x = c.tensor("x");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("as_f16", x);
        tensors.put("as_bf16", x.reshape(1, x.numel()));
        tensors.put("as_f32", x);
        Path file = dir.resolve("half.safetensors");
        SafeTensors.write(file, tensors, Map.of("format", "pt"), Map.of("as_f16", "F16", "as_bf16", "BF16"));

        Map<String, byte[]> raw = rawTensors(file, Map.of("as_f16", "F16", "as_bf16", "BF16", "as_f32", "F32"));
        assertBits("F16", c.tensor("f16_bits").data(), raw.get("as_f16"), x.data());
        assertBits("BF16", c.tensor("bf16_bits").data(), raw.get("as_bf16"), x.data());
        ByteBuffer f32 = ByteBuffer.wrap(raw.get("as_f32")).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x.data()) {
            assertThat(Float.floatToRawIntBits(f32.getFloat())).isEqualTo(Float.floatToRawIntBits(v));
        }
        // And Cambium reads back the values those bits stand for.
        Map<String, Tensor> back = SafeTensors.readTensors(file);
        assertThat(back.get("as_bf16").shape()).containsExactly(1, x.numel());
        assertThat(back.get("as_f16").data()[0]).isEqualTo(halfToFloat((int) c.tensor("f16_bits").data()[0]));
    }

    private static void assertBits(String dtype, float[] expectedBits, byte[] raw, float[] source) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(raw).hasSize(2 * expectedBits.length);
        for (int i = 0; i < expectedBits.length; i++) {
            int actual = b.getShort() & 0xFFFF;
            assertThat(actual).as("%s bits of %s (value %d), PyTorch/NumPy: %04x, Cambium: %04x", dtype,
                    Float.toString(source[i]), i, (int) expectedBits[i], actual).isEqualTo((int) expectedBits[i]);
        }
    }

    /**
     * The tensors' raw bytes, after checking the file against the rules of the format's reference
     * implementation (safetensors' {@code SafeTensors::deserialize}), written here independently of
     * Cambium's reader.
     */
    private static Map<String, byte[]> rawTensors(Path file, Map<String, String> dtypes) throws Exception {
        byte[] all = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(n).isPositive().isLessThanOrEqualTo(all.length - 8L);
        String headerText = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(headerText).startsWith("{");
        // The reference writer pads the header with spaces to a multiple of 8 bytes (the data stays aligned).
        assertThat((8 + n) % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(headerText);
        int dataStart = 8 + (int) n;
        record Span(String name, long begin, long end) { }
        List<Span> spans = new ArrayList<>();
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().fields().forEachRemaining(m -> assertThat(m.getValue().isTextual()).isTrue());
                continue;
            }
            JsonNode t = e.getValue();
            assertThat(t.get("dtype").asText()).isEqualTo(dtypes.get(e.getKey()));
            long count = 1;
            for (JsonNode d : t.get("shape")) {
                count *= d.asLong();
            }
            long begin = t.get("data_offsets").get(0).asLong();
            long end = t.get("data_offsets").get(1).asLong();
            int size = t.get("dtype").asText().equals("F32") ? 4 : 2;
            assertThat(end - begin).as(e.getKey() + " byte length").isEqualTo(count * size);
            spans.add(new Span(e.getKey(), begin, end));
            byte[] bytes = new byte[(int) (end - begin)];
            System.arraycopy(all, dataStart + (int) begin, bytes, 0, bytes.length);
            out.put(e.getKey(), bytes);
        }
        spans.sort(Comparator.comparingLong(Span::begin));
        long at = 0;
        for (Span s : spans) {
            assertThat(s.begin()).as(s.name() + " starts where the previous tensor ends").isEqualTo(at);
            at = s.end();
        }
        assertThat(dataStart + at).as("the tensors cover the data section exactly").isEqualTo(all.length);
        return out;
    }

    private static float halfToFloat(int bits) {
        int sign = (bits >> 15) & 1;
        int exp = (bits >> 10) & 0x1F;
        int mant = bits & 0x3FF;
        double v = exp == 0 ? mant * Math.pow(2, -24) : exp == 31 ? (mant == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                : (1 + mant / 1024.0) * Math.pow(2, exp - 15);
        return (float) (sign == 1 ? -v : v);
    }
}
