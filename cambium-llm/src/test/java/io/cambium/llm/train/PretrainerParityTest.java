package io.cambium.llm.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Six steps of the pretraining recipe against PyTorch (tools/fixtures/gen_gpt_train.py): AdamW
 * with decay on matrices only, warm-up and cosine learning rate, global-norm clipping that binds,
 * two accumulated micro-batches per step. Each step's loss and gradient norm, and every final
 * weight, must match.
 */
class PretrainerParityTest {
    @Test
    void stepsMatchPyTorch() throws Exception {
        Fixtures.Case c = Fixtures.load("gpt_train.json").get("train_steps");
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> mc = json.convertValue(c.attr("config"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tc = json.convertValue(c.attr("train"), Map.class);
        Gpt gpt = new Gpt(GptConfig.fromMap(mc));
        for (Variable v : gpt.variables()) {
            v.assign(c.tensor("w0:" + v.name()));
        }
        PretrainConfig cfg = new PretrainConfig().batchSize(((Number) tc.get("batch_size")).intValue())
                .gradientAccumulation(((Number) tc.get("gradient_accumulation_steps")).intValue())
                .maxSteps(((Number) tc.get("max_steps")).intValue())
                .learningRate(((Number) tc.get("learning_rate")).doubleValue())
                .minLearningRate(((Number) tc.get("min_learning_rate")).doubleValue())
                .warmupSteps(((Number) tc.get("warmup_steps")).intValue())
                .weightDecay(((Number) tc.get("weight_decay")).doubleValue())
                .betas(((Number) tc.get("beta1")).doubleValue(), ((Number) tc.get("beta2")).doubleValue())
                .epsilon(((Number) tc.get("epsilon")).doubleValue())
                .gradClip(((Number) tc.get("grad_clip")).doubleValue()).evalInterval(100);
        int n = c.attr("batches").asInt();
        List<TokenBatch> batches = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batches.add(new TokenBatch(c.tensor("x" + i).toIntArray(), c.tensor("y" + i).toIntArray(),
                    c.tensor("x" + i).dim(0), c.tensor("x" + i).dim(1)));
        }
        BatchSampler fixed = new BatchSampler() {
            private int next;

            @Override
            public TokenBatch next(int batchSize, int context) {
                return batches.get(next++);
            }

            @Override
            public long[] state() {
                return new long[] {next};
            }

            @Override
            public void setState(long[] state) {
                next = (int) state[0];
            }
        };
        int[] tokens = new int[40];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = (i * 3) % 29;
        }
        TokenDataset data = TokenDataset.of(tokens, 29);
        List<StepStats> steps = new ArrayList<>();
        new Pretrainer(gpt, data, data, cfg, null, fixed).run(new PretrainListener() {
            @Override
            public void onStep(StepStats s) {
                steps.add(s);
            }
        });
        float[] losses = c.tensor("losses").data();
        float[] norms = c.tensor("norms").data();
        assertThat(steps).hasSize(losses.length);
        for (int i = 0; i < losses.length; i++) {
            assertThat(steps.get(i).loss()).as("loss of step " + (i + 1)).isCloseTo(losses[i],
                    org.assertj.core.data.Offset.offset(2e-5 * Math.abs(losses[i])));
            assertThat(steps.get(i).gradNorm()).as("gradient norm of step " + (i + 1)).isCloseTo(norms[i],
                    org.assertj.core.data.Offset.offset(1e-4 * norms[i]));
        }
        for (Variable v : gpt.variables()) {
            Tensor want = c.tensor("w:" + v.name());
            Tensor delta = c.tensor("w0:" + v.name()).sub(want);
            // The key biases have a zero gradient in exact arithmetic (softmax ignores a constant per
            // row), so float32 rounding noise is all Adam sees there and normalizes into updates of
            // about 1e-4 of the largest update: hence the absolute tolerance relative to the updates.
            Fixtures.assertClose(v.name(), want, v.value(), 1e-4, 1e-3 * maxAbs(delta) + 1e-7);
        }
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float x : t.data()) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}
