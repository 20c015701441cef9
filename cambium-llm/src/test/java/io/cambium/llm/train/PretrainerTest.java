package io.cambium.llm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pretraining loop: it learns, reports, writes its files, resumes exactly in process, and refuses bad input. */
class PretrainerTest {
    @TempDir
    Path dir;

    static Gpt model() {
        Cambium.seed(21);
        return new Gpt(new GptConfig().vocabSize(40).contextLength(24).dModel(32).heads(2).mlpHidden(64));
    }

    @Test
    void learnsTheCorpusAndWritesItsFiles() throws Exception {
        TokenDataset.Split split = ResumeProbe.corpus().split(0.1);
        Gpt gpt = model();
        PretrainConfig cfg = new PretrainConfig().batchSize(8).maxSteps(120).learningRate(3e-3).minLearningRate(3e-4)
                .warmupSteps(10).evalInterval(40).evalBatches(0).logInterval(40);
        Pretrainer p = new Pretrainer(gpt, split.train(), split.validation(), cfg, dir);
        double before = p.evaluate();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PretrainResult r = p.run(new ProgressPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        // Uniform guessing over 40 ids is ln 40 = 3.69 nats; the walk is mostly +3 (about 0.5 nats of noise).
        assertThat(before).isGreaterThan(3.3);
        assertThat(r.lastValLoss()).isLessThan(1.2);
        assertThat(r.steps()).isEqualTo(120);
        assertThat(r.tokens()).isEqualTo(120L * 8 * 24);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("step  40/120 \\| loss \\d\\.\\d{4} \\| lr \\d\\.\\d\\de-0\\d \\| norm \\d+\\.\\d\\d \\| "
                + "[\\d,]+ tok/s \\| ETA \\d+s");
        assertThat(out).containsPattern("step 120 \\| val loss \\d\\.\\d{4} \\| val ppl \\d+\\.\\d\\d \\| train loss");
        assertThat(out).contains("saved " + dir.resolve(Pretrainer.CHECKPOINT));
        assertThat(Files.size(dir.resolve(Pretrainer.CURVES))).isGreaterThan(1000);
        assertThat(Files.readAllLines(dir.resolve(Pretrainer.METRICS))).hasSize(4)
                .first().isEqualTo("step,train_loss,val_loss,val_perplexity,tokens");
        assertThat(p.history()).extracting(EvalStats::step).containsExactly(40L, 80L, 120L);
        // The checkpoint is a model file: the trained model loads from it.
        Gpt back = Gpt.load(dir.resolve(Pretrainer.CHECKPOINT));
        assertThat(back.variables().get(3).value().data()).containsExactly(gpt.variables().get(3).value().data());
    }

    @Test
    void resumesExactlyInProcess() throws Exception {
        TokenDataset.Split split = ResumeProbe.corpus().split(0.1);
        PretrainConfig cfg = ResumeProbe.config().maxSteps(30);
        List<Double> whole = losses(new Pretrainer(model(), split.train(), split.validation(), cfg, null));
        Pretrainer first = new Pretrainer(model(), split.train(), split.validation(), cfg.maxSteps(30), null);
        List<Double> part = new ArrayList<>();
        // Stop after 12 steps by checkpointing there and abandoning the object.
        Path ckpt = dir.resolve("c.cambium");
        first.run(new PretrainListener() {
            @Override
            public void onStep(StepStats s) {
                part.add(s.loss());
                if (s.step() == 12) {
                    try {
                        first.saveCheckpoint(ckpt);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        });
        Pretrainer resumed = Pretrainer.resume(ckpt, split.train(), split.validation(), null);
        assertThat(resumed.step()).isEqualTo(12);
        List<Double> rest = losses(resumed);
        assertThat(rest).hasSize(18).containsExactlyElementsOf(whole.subList(12, 30));
        assertThat(part).containsExactlyElementsOf(whole);
    }

    private static List<Double> losses(Pretrainer p) throws Exception {
        List<Double> out = new ArrayList<>();
        p.run(new PretrainListener() {
            @Override
            public void onStep(StepStats s) {
                out.add(s.loss());
            }
        });
        return out;
    }

    @Test
    void accumulationEqualsOneLargerBatch() throws Exception {
        TokenDataset.Split split = ResumeProbe.corpus().split(0.1);
        Gpt a = model();
        Gpt b = model();
        PretrainConfig base = new PretrainConfig().maxSteps(3).warmupSteps(0).learningRate(1e-3).evalInterval(10).evalBatches(1);
        new Pretrainer(a, split.train(), split.validation(), base.batchSize(8).gradientAccumulation(1), null).run(null);
        new Pretrainer(b, split.train(), split.validation(), base.batchSize(4).gradientAccumulation(2), null).run(null);
        for (int i = 0; i < a.variables().size(); i++) {
            Variable va = a.variables().get(i);
            io.cambium.testing.Fixtures.assertClose(va.name(), va.value(), b.variables().get(i).value(), 1e-3, 2e-5);
        }
    }

    @Test
    void weightDecayOnlyOnMatrices() {
        Gpt gpt = new Gpt(GptConfig.preset("tiny"));
        List<String> decayed = new ArrayList<>();
        for (Variable v : gpt.variables()) {
            if (Pretrainer.decays(v)) {
                decayed.add(v.name());
            }
        }
        assertThat(decayed).allMatch(n -> n.endsWith("/kernel")).hasSize(2 * 4);
    }

    @Test
    void scheduleWarmsUpThenFollowsACosine() {
        PretrainConfig c = new PretrainConfig().learningRate(1e-3).minLearningRate(1e-4).warmupSteps(10).maxSteps(110);
        assertThat(c.learningRateAt(0)).isZero();
        assertThat(c.learningRateAt(5)).isCloseTo(5e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRateAt(10)).isCloseTo(1e-3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRateAt(60)).isCloseTo(5.5e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRateAt(110)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(c.learningRateAt(500)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void refusesDataThatDoesNotFit() throws Exception {
        TokenDataset tiny = TokenDataset.of(new int[] {1, 2, 3}, 40);
        TokenDataset.Split split = ResumeProbe.corpus().split(0.1);
        assertThatThrownBy(() -> new Pretrainer(model(), tiny, split.validation(), new PretrainConfig(), null))
                .hasMessage("the training set has 3 tokens, fewer than one window of 25 (the context length 24 plus the next token)");
        TokenDataset wide = TokenDataset.of(new int[100], 300);
        assertThatThrownBy(() -> new Pretrainer(model(), wide, split.validation(), new PretrainConfig(), null))
                .hasMessage("the training tokens have a vocabulary of 300 ids, the model only 40");
        // Resuming needs a pretraining checkpoint, and the same data.
        Path saved = dir.resolve("model.cambium");
        model().save(saved);
        assertThatThrownBy(() -> Pretrainer.resume(saved, split.train(), split.validation(), null))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("not a pretraining checkpoint");
        Pretrainer p = new Pretrainer(model(), split.train(), split.validation(), new PretrainConfig().maxSteps(1), null);
        Path ckpt = dir.resolve("ckpt.cambium");
        p.saveCheckpoint(ckpt);
        TokenDataset.Split other = ResumeProbe.corpus().split(0.2);
        assertThatThrownBy(() -> Pretrainer.resume(ckpt, other.train(), other.validation(), null))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("the run was trained on 5400 training and 600 "
                        + "validation tokens, this data has 4800 and 1200");
    }
}
