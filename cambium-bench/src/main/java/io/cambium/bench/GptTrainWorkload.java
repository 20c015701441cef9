package io.cambium.bench;

import io.cambium.bench.gpt.GptConfig;
import io.cambium.bench.gpt.GptModel;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;

/**
 * W5: training the GPT of {@link GptConfig#W5} (875,264 parameters) on batches of 16 × 128 random
 * token ids (next-token targets, 4 pre-made batches cycled), cross-entropy (mean over tokens),
 * AdamW lr 3e-4, β 0.9/0.999, ε 1e-8, weight decay 0.01 on all parameters; 3 warm-up steps, 20
 * steps per repetition; tokens/s.
 */
public final class GptTrainWorkload implements Workload {
    public static final int WARMUP = 3;
    public static final int STEPS = 20;
    static final int BATCH = 16;

    private final int threads;
    private final int warmup;
    private final int steps;

    public GptTrainWorkload(int threads) {
        this(threads, WARMUP, STEPS);
    }

    /** With other step counts (tests use tiny ones). */
    public GptTrainWorkload(int threads, int warmup, int steps) {
        this.threads = threads;
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public String id() {
        return "W5";
    }

    @Override
    public String title() {
        return "GPT training (4 layers, d_model 128, 4 heads, context 128), batch 16 x 128 tokens";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new GptTrainCase(threads, warmup, steps));
    }

    /** The training case; exposed to tests for its model. */
    static final class GptTrainCase extends TrainingCase {
        private final GptConfig cfg = GptConfig.W5;
        private GptModel model;
        private AdamW optimizer;
        private final Loss loss = Losses.sparseCategoricalCrossentropy(true);
        private List<Variable> vars;
        private Tensor[] inputs;
        private Tensor[] targets;

        GptTrainCase(int threads, int warmup, int steps) {
            super("train t=" + threads, "tokens/s", threads, warmup, steps, BATCH * GptConfig.W5.context());
        }

        @Override
        protected void build() {
            Rng rng = new Rng(5);
            int ctx = cfg.context();
            inputs = new Tensor[4];
            targets = new Tensor[4];
            for (int b = 0; b < inputs.length; b++) {
                float[] x = new float[BATCH * ctx];
                float[] y = new float[BATCH * ctx];
                for (int r = 0; r < BATCH; r++) {
                    int prev = rng.nextInt(cfg.vocab());
                    for (int c = 0; c < ctx; c++) {
                        int nxt = rng.nextInt(cfg.vocab());
                        x[r * ctx + c] = prev;
                        y[r * ctx + c] = nxt;
                        prev = nxt;
                    }
                }
                inputs[b] = Tensor.of(x, BATCH, ctx);
                targets[b] = Tensor.of(y, BATCH * ctx);
            }
            model = new GptModel(cfg, new Rng(0));
            vars = model.variables();
            optimizer = new AdamW(3e-4, 0.01).betas(0.9, 0.999).epsilon(1e-8);
        }

        GptModel model() {
            return model;
        }

        @Override
        protected int batchCount() {
            return inputs.length;
        }

        @Override
        protected double step(int b) {
            optimizer.zeroGrad(vars);
            Tensor logits = model.forward(inputs[b]).reshape(BATCH * cfg.context(), cfg.vocab());
            Tensor l = loss.call(targets[b], logits);
            l.backward();
            optimizer.step(vars);
            return l.item();
        }

        @Override
        protected void release() {
            model = null;
            optimizer = null;
            vars = null;
            inputs = null;
            targets = null;
        }
    }
}
