package io.cambium.lab;

import io.cambium.compress.lab.CompressionExperiment;
import io.cambium.lab.experiments.Q22TrainingTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A set of experiments in quick mode with the fixed seed 42: each returns tables, valid PNG plots and
 * a conclusion whose every quoted number comes from its tables (or its setup), and the measured
 * outcomes hold with margins. Works on the embedded Fashion-MNIST subset as well as the full data.
 */
class QuickExperimentsTest {
    private static final long SEED = 42;
    private static final Map<String, Result> RESULTS = new HashMap<>();

    @BeforeAll
    static void runTheQuickSet() {
        for (String id : List.of("title", "q05", "q12", "q13", "q19", "q21", "q22", "q35", "q41")) {
            RESULTS.put(id, Lab.find(id).run(Mode.QUICK, SEED, Progress.silent()));
        }
    }

    @Test
    void everyResultHasTablesPlotsAndAConclusionBuiltFromItsNumbers() {
        for (Map.Entry<String, Result> e : RESULTS.entrySet()) {
            Result r = e.getValue();
            assertThat(r.tables()).as(e.getKey()).isNotEmpty().allSatisfy(t -> assertThat(t.rowCount()).isPositive());
            assertThat(r.plots()).as(e.getKey()).isNotEmpty();
            assertThat(r.findings()).as(e.getKey()).isNotEmpty();
            assertThat(r.setup()).as(e.getKey()).isNotBlank();
            for (Finding f : r.findings()) {
                for (String number : decimals(f.text())) {
                    assertThat(quoted(r, number)).as("%s: '%s' quotes %s, which no table shows", e.getKey(), f.text(), number)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void metricsOnAnImbalancedSet() {
        Table m = RESULTS.get("q05").tables().get(0);
        int acc = m.columnIndex("accuracy");
        int f1 = m.columnIndex("F1");
        int auc = m.columnIndex("ROC-AUC");
        assertThat(m.value(0, acc)).isGreaterThan(0.9);   // always negative: high accuracy ...
        assertThat(m.value(0, f1)).isEqualTo(0.0);        // ... and no F1
        assertThat(m.value(0, auc)).isEqualTo(0.5);
        assertThat(m.value(3, auc)).isGreaterThan(0.75);  // the MLP ranks shirts well
        Table sweep = RESULTS.get("q05").tables().get(1);
        double bestF1 = 0;
        for (int i = 0; i < sweep.rowCount(); i++) {
            bestF1 = Math.max(bestF1, sweep.value(i, sweep.columnIndex("F1")));
        }
        assertThat(bestF1).as("the MLP's F1 at its best threshold").isGreaterThan(0.1);
    }

    @Test
    void vanishingGradients() {
        Table s = RESULTS.get("q12").tables().get(0);
        int ratio = s.columnIndex("first / last");
        assertThat(s.value(0, ratio)).as("sigmoid first/last").isLessThan(1e-3);
        assertThat(s.value(1, ratio)).as("ReLU He first/last").isGreaterThan(0.1);
        assertThat(s.value(2, ratio)).as("BatchNorm first/last").isGreaterThan(0.1);
        assertThat(s.value(3, ratio)).as("residual first/last").isGreaterThan(0.1);
    }

    @Test
    void explodingGradients() {
        Table t = RESULTS.get("q13").tables().get(0);
        int diverged = t.columnIndex("diverged at step");
        assertThat(t.value(0, diverged)).as("no clipping diverges").isLessThan(20);
        for (int i = 1; i < t.rowCount(); i++) {
            assertThat(t.cell(i, diverged)).as("%s stays finite", t.text(i, 0)).isNull();
        }
        assertThat(t.value(4, t.columnIndex("test acc"))).isGreaterThan(0.5);
    }

    @Test
    void robustRegression() {
        Table t = RESULTS.get("q19").tables().get(0);
        int err = t.columnIndex("slope error");
        double ols = t.value(0, err);
        assertThat(ols).isGreaterThan(0.5);
        for (int i = 2; i < t.rowCount(); i++) {
            assertThat(t.value(i, err)).as(t.text(i, 0)).isLessThan(ols / 5);
        }
    }

    @Test
    void attentionNeedsPositions() {
        Table t = RESULTS.get("q21").tables().get(0);
        int acc = t.columnIndex("test acc");
        assertThat(t.value(1, acc)).as("no positions").isLessThan(0.5);
        assertThat(t.value(2, acc)).as("sine encoding").isGreaterThan(0.9);
    }

    @Test
    void tcnReceptiveField() {
        Table split = RESULTS.get("q41").tables().get(1);
        assertThat(split.value(0, 2)).as("inside the field").isGreaterThan(0.8);
        assertThat(split.value(1, 2)).as("outside the field").isLessThan(0.4);
        Table t = RESULTS.get("q41").tables().get(0);
        for (int i = 0; i < t.rowCount(); i++) {
            assertThat(t.value(i, 2)).isEqualTo(t.value(i, 3)); // the formula and the composed windows agree
        }
    }

    @Test
    void aLanguageModelFromScratchAndItsFineTuning() {
        List<Table> t = RESULTS.get("title").tables();
        Table losses = t.get(1);
        int val = losses.columnIndex("validation loss");
        assertThat(losses.value(4, val)).as("the best validation loss against the unigram baseline")
                .isLessThan(losses.value(2, val) - 0.1);
        assertThat(losses.value(1, val)).as("the untrained GPT is near the uniform loss")
                .isCloseTo(losses.value(0, val), org.assertj.core.data.Offset.offset(0.3));
        Table tune = t.get(5);
        int before = tune.columnIndex("validation loss before");
        int after = tune.columnIndex("validation loss after");
        assertThat(tune.value(0, after)).as("full fine-tuning").isLessThan(tune.value(0, before) - 0.1);
        assertThat(tune.value(1, after)).as("LoRA").isLessThan(tune.value(1, before) - 0.05);
        assertThat(tune.value(1, tune.columnIndex("trainable %"))).as("LoRA's trainable share").isLessThan(10);
        assertThat(tune.value(0, after)).as("pretrained and fine-tuned against scratch").isLessThan(tune.value(2, after));
    }

    @Test
    void aVaeAgainstTheSameNetworkWithoutTheKlTerm() {
        List<Table> t = RESULTS.get("q35").tables();
        Table elbo = t.get(0);
        assertThat(elbo.value(elbo.rowCount() - 1, 1)).as("the last epoch's ELBO").isGreaterThan(elbo.value(0, 1));
        Table c = t.get(1);
        int spread = c.columnIndex("spread off the prior (factor)");
        int fd = c.columnIndex("prior samples' Fréchet distance");
        assertThat(c.value(0, spread) * 2).as("the VAE's codes stay nearer the prior").isLessThan(c.value(1, spread));
        assertThat(c.value(0, fd)).as("prior samples through the VAE's decoder").isLessThan(c.value(1, fd) - 10);
        assertThat(c.value(0, c.columnIndex("KL"))).as("the VAE's KL term").isLessThan(c.value(1, c.columnIndex("KL")));
    }

    @Test
    void compressionAndADistilledStudentOnATenthOfTheTeachersImages() {
        // the page's distillation is the acceptance run's design: students on a subset of the teacher's
        // images, with the epochs and setting chosen on held-out training images
        for (Mode mode : Mode.values()) {
            CompressionExperiment.Options o = Q22TrainingTime.options(mode);
            assertThat(o.studentSamples()).as("%s: students on a subset", mode).isPositive()
                    .isLessThanOrEqualTo(o.trainSamples() / 10);
            assertThat(o.studentEpochs()).isEqualTo(CompressionExperiment.FULL_STUDENT_EPOCHS);
        }
        assertThat(Q22TrainingTime.options(Mode.FULL).seeds()).isEqualTo(3);
        List<Table> t = RESULTS.get("q22").tables();
        Table shrink = t.get(3);
        assertThat(shrink.value(1, shrink.columnIndex("file / float32 file"))).as("int8 file").isLessThan(0.3);
        assertThat(shrink.value(3, shrink.columnIndex("zero weights"))).as("pruned").isCloseTo(0.8,
                org.assertj.core.data.Offset.offset(0.005));
        assertThat(shrink.value(4, 1)).as("channel-pruned parameters").isLessThan(shrink.value(0, 1) / 3);
        Table pair = t.get(5);
        int images = pair.columnIndex("training images");
        assertThat(pair.value(1, images)).as("the students' images")
                .isEqualTo(Q22TrainingTime.options(Mode.QUICK).studentSamples());
        assertThat(pair.value(0, images)).isEqualTo(Q22TrainingTime.options(Mode.QUICK).trainSamples());
        assertThat(pair.value(1, pair.columnIndex("share of the teacher's"))).isCloseTo(0.25,
                org.assertj.core.data.Offset.offset(0.01));
        assertThat(pair.value(1, pair.columnIndex("epochs"))).isEqualTo(CompressionExperiment.FULL_STUDENT_EPOCHS);
        Table students = t.get(6);
        assertThat(students.rowCount()).isEqualTo(2); // one seed and its mean
        for (int c = 1; c <= 2; c++) {
            assertThat(students.value(1, c)).isEqualTo(students.value(0, c)).isBetween(0.3, 1.0);
        }
        assertThat(students.value(1, 3)).isCloseTo(100 * (students.value(1, 2) - students.value(1, 1)),
                org.assertj.core.data.Offset.offset(1e-9));
    }

    /** The decimal numbers written in a sentence ("0.123", "1.50e-07", "-0.417"). */
    static List<String> decimals(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("-?\\d+\\.\\d+(e[-+]\\d+)?").matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Whether a number appears in a cell, a table title or the setup of the result. */
    static boolean quoted(Result r, String number) {
        if (r.setup().contains(number)) {
            return true;
        }
        for (Table t : r.tables()) {
            if (t.title().contains(number)) {
                return true;
            }
            for (int i = 0; i < t.rowCount(); i++) {
                for (int j = 0; j < t.columns().size(); j++) {
                    if (t.text(i, j).equals(number) || t.text(i, j).contains(number)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
