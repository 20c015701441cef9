package io.cambium.nn.losses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss against PyTorch or Keras's formula: per-sample values, gradients, finite differences. */
class LossFixtureTest {
    private static final Fixtures FIX = Fixtures.load("losses.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> cases() {
        return FIX.names().stream();
    }

    @SuppressWarnings("unchecked")
    static Loss build(Fixtures.Case c) {
        Map<String, Object> cfg = new HashMap<>();
        for (String k : new String[] {"from_logits", "label_smoothing", "delta", "alpha", "gamma", "apply_class_balancing",
            "ignore_class"}) {
            if (c.hasAttr(k)) {
                JsonNode v = c.attr(k);
                cfg.put(k, JSON.convertValue(v, Object.class));
            }
        }
        cfg.put("name", c.attr("loss").asText());
        cfg.put("reduction", "none");
        return Losses.fromConfig(cfg);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReferenceValuesAndGradients(String name) {
        Fixtures.Case c = FIX.get(name);
        Loss loss = build(c);
        if (c.has("mean")) {
            Map<String, Object> cfg = new HashMap<>(Losses.toConfig((RowLoss) loss));
            cfg.put("reduction", "sum_over_batch_size");
            Tensor mean = Losses.fromConfig(cfg).call(c.tensor("y_true"), c.tensor("y_pred"));
            Fixtures.assertClose(c.id() + " mean", c.tensor("mean"), mean, 1e-5, 1e-6);
            return;
        }
        assertThat(loss.name()).isEqualTo(c.attr("loss").asText());
        Tensor yTrue = c.tensor("y_true");
        Tensor yPred = c.tensor("y_pred").requiresGrad(true);
        Tensor out = loss.call(yTrue, yPred);
        Fixtures.assertClose(c.id() + " loss", c.tensor("loss"), out, 1e-4, 1e-5);
        for (float v : out.data()) {
            assertThat(Float.isFinite(v)).as("finite loss").isTrue();
        }
        out.backward(c.tensor("w"));
        Fixtures.assertClose(c.id() + " gradient", c.tensor("grad"), yPred.grad(), 1e-4, 1e-5);
        // Confident predictions sit on the clip bounds, a kink that a central difference straddles.
        if (!name.endsWith("_large") && !name.endsWith("_confident")) {
            // Probabilities near 0 make log-losses strongly curved: a smaller step keeps the
            // central difference accurate.
            boolean probabilities = c.attr("loss").asText().contains("crossentropy") && !c.hasAttr("from_logits");
            GradCheck.of(in -> loss.call(yTrue, in[0])).eps(probabilities ? 1e-4 : 1e-3).check(c.tensor("y_pred"));
        }
    }
}
