package io.cambium.bench;

import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;

/**
 * W5: training cambium-llm's {@link Gpt} of shape {@link #config()} (875,264 parameters) on
 * batches of 16 × 128 random token ids (next-token targets, 4 pre-made batches cycled),
 * cross-entropy (mean over tokens), AdamW lr 3e-4, β 0.9/0.999, ε 1e-8, weight decay 0.01 on all
 * parameters; 3 warm-up steps, 20 steps per repetition; tokens/s.
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

    /**
     * The W5/W6 model: the {@code mini} preset (vocabulary 256, context 128, d_model 128, 4
     * layers, 4 heads, MLP 512, learned positions, LayerNorm) with exact GELU and an untied output
     * projection without bias, as the reference's model.
     */
    public static GptConfig config() {
        return GptConfig.preset("mini").activation(GptConfig.Activation.GELU).tieEmbeddings(false);
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
        private final GptConfig cfg = config();
        private Gpt model;
        private AdamW optimizer;
        private List<Variable> vars;
        private Tensor[] inputs;
        private Tensor[] targets;

        GptTrainCase(int threads, int warmup, int steps) {
            super("train t=" + threads, "tokens/s", threads, warmup, steps, BATCH * config().contextLength());
        }

        @Override
        protected void build() {
            Rng rng = new Rng(5);
            int ctx = cfg.contextLength();
            inputs = new Tensor[4];
            targets = new Tensor[4];
            for (int b = 0; b < inputs.length; b++) {
                float[] x = new float[BATCH * ctx];
                float[] y = new float[BATCH * ctx];
                for (int r = 0; r < BATCH; r++) {
                    int prev = rng.nextInt(cfg.vocabSize());
                    for (int c = 0; c < ctx; c++) {
                        int nxt = rng.nextInt(cfg.vocabSize());
                        x[r * ctx + c] = prev;
                        y[r * ctx + c] = nxt;
                        prev = nxt;
                    }
                }
                inputs[b] = Tensor.of(x, BATCH, ctx);
                targets[b] = Tensor.of(y, BATCH * ctx);
            }
            model = Gpt.withSeed(cfg, 0);
            vars = model.trainableVariables();
            optimizer = new AdamW(3e-4, 0.01).betas(0.9, 0.999).epsilon(1e-8);
        }

        Gpt model() {
            return model;
        }

        @Override
        protected int batchCount() {
            return inputs.length;
        }

        @Override
        protected double step(int b) {
            optimizer.zeroGrad(vars);
            Tensor l = model.loss(inputs[b], targets[b], true);
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
