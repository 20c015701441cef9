package io.cambium.llm.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logits, loss and every parameter gradient of a tiny GPT-2-style model (tanh GELU, tied; and
 * exact GELU, untied) and a tiny LLaMA-style model (RMSNorm, rotary, SwiGLU, grouped-query
 * attention, no biases) against the PyTorch reference of {@code tools/fixtures/gpt_reference.py}
 * (computed in float64 from the same float32 weights). The relative error of a tensor is
 * {@code max|a − e| / max|e|}; it must be at most 1e-4 for every tensor.
 */
class GptParityTest {
    private static final double TOLERANCE = 1e-4;
    private static double worst;

    @Test
    void logitsAndGradientsMatchPyTorch() throws Exception {
        Fixtures fx = Fixtures.load("gpt.json");
        assertThat(fx.names()).containsExactly("gpt2_tiny", "gpt2_exact_gelu_untied", "llama_tiny");
        for (String name : fx.names()) {
            Fixtures.Case c = fx.get(name);
            @SuppressWarnings("unchecked")
            Map<String, Object> cfg = new ObjectMapper().convertValue(c.attr("config"), Map.class);
            Gpt gpt = new Gpt(GptConfig.fromMap(cfg));
            List<String> names = new ArrayList<>();
            for (Variable v : gpt.variables()) {
                names.add(v.name());
                v.assign(c.tensor("w:" + v.name()));
            }
            // Every reference parameter is a model variable and the other way round.
            long refCount = 0;
            for (String k : names) {
                assertThat(c.has("w:" + k)).as(name + " " + k).isTrue();
                refCount++;
            }
            assertThat(refCount).isEqualTo(gpt.variables().size());
            Tensor logits = gpt.forward(c.tensor("ids"), false);
            assertRelative(name + " logits", c.tensor("logits"), logits);
            Tensor loss = gpt.loss(c.tensor("ids"), c.tensor("targets"), false);
            assertRelative(name + " loss", c.tensor("loss"), loss.reshape(1));
            loss.backward();
            for (Variable v : gpt.variables()) {
                assertRelative(name + " grad " + v.name(), c.tensor("g:" + v.name()), v.grad());
            }
            System.out.printf("GPT parity %s: worst relative error %.2e%n", name, worst);
            worst = 0;
        }
    }

    static void assertRelative(String what, Tensor expected, Tensor actual) {
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        float[] e = expected.data();
        float[] a = actual.data();
        double maxErr = 0;
        double maxAbs = 0;
        for (int i = 0; i < e.length; i++) {
            maxErr = Math.max(maxErr, Math.abs((double) a[i] - e[i]));
            maxAbs = Math.max(maxAbs, Math.abs((double) e[i]));
        }
        double rel = maxAbs == 0 ? maxErr : maxErr / maxAbs;
        worst = Math.max(worst, rel);
        assertThat(rel).as(what + " relative error").isLessThanOrEqualTo(TOLERANCE);
    }
}
