package io.cambium.zoo.experiments.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Layer;
import io.cambium.zoo.vision.LeNet;
import io.cambium.zoo.vision.ResNet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The experiments end to end on the embedded Fashion-MNIST subset with tiny budgets: every table
 * is filled with measured values in range, every chart is a PNG, every claim states its numbers,
 * and the progress sees every epoch.
 */
class ExperimentsTest {
    private static FashionMnist.Data data;

    /** Counts the epochs reported. */
    private static final class Counting implements EpochProgress {
        int total;
        final List<String> done = new ArrayList<>();

        @Override
        public void total(int epochs) {
            total = epochs;
        }

        @Override
        public io.cambium.nn.callbacks.Callback epochs(String label) {
            return new io.cambium.nn.callbacks.Callback() {
                @Override
                public void onEpochEnd(int epoch, java.util.Map<String, Double> logs) {
                    done.add(label + " " + epoch);
                }
            };
        }
    }

    @BeforeAll
    static void load() {
        data = FashionMnist.loadEmbedded();
    }

    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    private static void assertWellFormed(ExperimentReport r) {
        assertThat(r.tables()).isNotEmpty();
        for (ExperimentReport.Table t : r.tables()) {
            assertThat(t.rows()).as(t.title()).isNotEmpty();
            for (List<Object> row : t.rows()) {
                for (Object cell : row) {
                    assertThat(cell).isNotNull();
                    if (cell instanceof Double d) {
                        assertThat(d).as(t.title()).isFinite();
                    }
                }
            }
        }
        assertThat(r.pngs()).isNotEmpty();
        r.pngs().values().forEach(p -> assertThat(p.png()).startsWith(0x89, 'P', 'N', 'G'));
        assertThat(r.claims()).isNotEmpty().allSatisfy(c -> assertThat(c.text()).containsPattern("\\d\\.\\d"));
        assertThat(r.toString()).contains(r.setup());
    }

    @Test
    void residualConnections() {
        Counting progress = new Counting();
        ExperimentReport r = Q39ResidualConnections.run(Q39ResidualConnections.Options.quick().depths(8, 14).width(4)
                .data(128, 64, 1).progress(progress), data);
        assertWellFormed(r);
        ExperimentReport.Table t = r.tables().get(0);
        assertThat(t.rows()).extracting(row -> row.get(0))
                .containsExactly("plain-8", "ResNet-8", "plain-14", "ResNet-14", "ResNet-14 (C)");
        for (int i = 0; i < t.rows().size(); i++) {
            assertThat(t.value(i, "first/last gradient at init")).isPositive();
            assertThat(t.value(i, "test accuracy")).isBetween(0.0, 1.0);
        }
        // Plain and residual networks of a depth have the same weights except the projections.
        assertThat(t.value(2, "parameters")).isLessThan(t.value(3, "parameters"));
        assertThat(progress.total).isEqualTo(5).isEqualTo(progress.done.size());
        assertThat(r.pngs()).containsKeys("training-loss", "gradient-ratio");
    }

    @Test
    void transferTrainsANewHeadOnSeveralStagesAndFineTunesIt() {
        Counting progress = new Counting();
        // 20 images per class of classes 5-9 from the embedded subset, tested on its 225 test images of those classes.
        ExperimentReport r = Q07Transfer.run(Q07Transfer.Options.quick().perClass(20).scratch(20, 2e-3)
                .head(4, 100, 1e-3, 1e-3).fineTune("conv3_block1_1_conv", 5, 2e-4).progress(progress), data);
        assertWellFormed(r);
        ExperimentReport.Table seeds = r.tables().get(0);
        assertThat(seeds.rows()).extracting(row -> row.get(1)).containsExactlyElementsOf(Q07Transfer.METHODS);
        for (int m = 0; m < 3; m++) {
            assertThat(seeds.value(m, "accuracy")).isBetween(0.0, 1.0);
        }
        // Seed 1 measured 0.867 for (b) and 0.871 for (c); chance is 0.2.
        assertThat(seeds.value(1, "accuracy")).as("feature extraction").isGreaterThan(0.75);
        assertThat(seeds.value(1, "training accuracy")).as("the head fits its images").isGreaterThan(0.9);
        assertThat(seeds.value(2, "accuracy")).as("fine-tuning").isGreaterThan(0.75);
        // Every stage's features alone, then all of them (measured: 0.778 for the last stage, 0.867 for all).
        ExperimentReport.Table stages = r.tables().get(2);
        assertThat(stages.rows()).hasSize(8);
        assertThat(stages.value(7, "mean accuracy")).isEqualTo(seeds.value(1, "accuracy"));
        assertThat(stages.value(7, "mean accuracy")).isGreaterThan(stages.value(6, "mean accuracy") + 0.04);
        assertThat(progress.total).isEqualTo(20 + 100 + 5).isEqualTo(progress.done.size());
        assertThat(r.claims()).hasSize(4);
    }

    @Test
    void comparisonMeasuresLatencyOfEveryModelAndBatch() {
        ExperimentReport r = ModelComparison.run(ModelComparison.Options.defaults()
                .candidates(new ModelComparison.Candidate("ResNet-8 (width 4)", () -> ResNet.small(8).width(4), null),
                        new ModelComparison.Candidate("LeNet-5", LeNet::new, null))
                .training(1, 128).testImages(64).repetitions(3), data);
        assertWellFormed(r);
        ExperimentReport.Table latency = r.tables().get(1);
        assertThat(latency.rows()).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(latency.value(i, "median ms")).isPositive();
            assertThat(latency.value(i, "min ms")).isLessThanOrEqualTo(latency.value(i, "median ms"));
        }
        assertThat(r.tables().get(0).value(1, "parameters")).isEqualTo(61_706.0);
        assertThat(r.setup()).contains("threads");
    }
}
