package io.cambium.llm.train;

import io.cambium.Cambium;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child process of {@link PretrainerResumeTest}: trains a small GPT with dropout on a
 * synthetic corpus, printing every step's loss as raw double bits ({@code loss <step> <bits>})
 * and every checkpoint ({@code checkpoint <step>}). {@code fresh DIR} starts a run,
 * {@code resume DIR} continues from {@code DIR/ckpt.cambium}.
 */
public final class ResumeProbe {
    static final int STEPS = 40;

    private ResumeProbe() {
    }

    /** A deterministic corpus of 6,000 tokens with structure (a noisy arithmetic walk). */
    static TokenDataset corpus() {
        Rng rng = new Rng(99);
        int[] ids = new int[6000];
        int v = 0;
        for (int i = 0; i < ids.length; i++) {
            v = (v + 3 + (rng.nextInt(10) == 0 ? rng.nextInt(5) : 0)) % 40;
            ids[i] = v;
        }
        return TokenDataset.of(ids, 40);
    }

    /** The model of the probe and of the in-process tests. */
    static GptConfig model() {
        return new GptConfig().vocabSize(40).contextLength(24).dModel(32).heads(2).mlpHidden(64);
    }

    static PretrainConfig config() {
        return new PretrainConfig().batchSize(4).maxSteps(STEPS).learningRate(3e-3).minLearningRate(3e-4)
                .warmupSteps(5).evalInterval(10).evalBatches(2).logInterval(50).gradientAccumulation(2).seed(5);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        TokenDataset.Split split = corpus().split(0.1);
        Pretrainer p;
        if (args[0].equals("fresh")) {
            Files.createDirectories(dir);
            Cambium.seed(21);
            Gpt gpt = new Gpt(model().dropout(0.1));
            p = new Pretrainer(gpt, split.train(), split.validation(), config(), dir);
        } else {
            p = Pretrainer.resume(dir.resolve(Pretrainer.CHECKPOINT), split.train(), split.validation(), dir);
        }
        p.run(new PretrainListener() {
            @Override
            public void onStep(StepStats s) {
                System.out.println("loss " + s.step() + " " + Double.doubleToRawLongBits(s.loss()));
                System.out.flush();
            }

            @Override
            public void onCheckpoint(long step, Path file) {
                System.out.println("checkpoint " + step);
                System.out.flush();
            }
        });
        System.out.println("done");
    }
}
