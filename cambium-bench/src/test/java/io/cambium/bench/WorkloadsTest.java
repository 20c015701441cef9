package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every workload W2-W7 with tiny step counts: each case must produce a positive figure. */
class WorkloadsTest {
    private static List<Measurement> runAll(Workload w) {
        Runner runner = new Runner(1);
        List<Measurement> out = new ArrayList<>();
        for (BenchCase c : w.cases()) {
            out.add(runner.measure(c));
        }
        return out;
    }

    private static void assertTraining(Workload w, String unit) {
        List<Measurement> ms = runAll(w);
        assertThat(ms).hasSize(1);
        assertThat(ms.get(0).name()).isEqualTo("train t=1");
        assertThat(ms.get(0).unit()).isEqualTo(unit);
        assertThat(ms.get(0).median()).isPositive().isFinite();
    }

    @Test
    void mlpCnnAndLstmTrain() {
        assertTraining(new MlpWorkload(1, 1, 2), "samples/s");
        assertTraining(new CnnWorkload(1, 1, 1), "samples/s");
        assertTraining(new LstmWorkload(1, 1, 1), "samples/s");
    }

    @Test
    void modelTrainingReducesLossOnRepeatedBatches() {
        // The W2 case cycles 8 batches; after 40 steps (5 passes) Adam must have fit them somewhat.
        ModelTrainingCase c = (ModelTrainingCase) new MlpWorkload(1, 1, 40).cases().get(0);
        c.setUp();
        c.warmUp();
        c.repetition();
        assertThat(c.firstLoss()).isBetween(1.5, 4.0);
        assertThat(c.lastLoss()).isLessThan(c.firstLoss() * 0.7);
        c.tearDown();
    }

    @Test
    void gptTrainingHasTheSpecParameterCountAndAChanceLevelStartingLoss() {
        assertThat(GptTrainWorkload.config().parameterCount()).isEqualTo(875_264L);
        GptTrainWorkload.GptTrainCase c = (GptTrainWorkload.GptTrainCase) new GptTrainWorkload(1, 1, 1).cases().get(0);
        c.setUp();
        assertThat(c.model().parameterCount()).isEqualTo(875_264L);
        c.warmUp();
        // Random next tokens: the loss starts near ln(256) = 5.55.
        assertThat(c.firstLoss()).isBetween(5.2, 6.5);
        assertThat(c.repetition()).isEqualTo(16.0 * 128);
        assertThat(c.lastLoss()).isFinite();
        c.tearDown();
    }

    @Test
    void gptGenerationCasesProduceTheSameTokens() {
        GptGenerateWorkload w = new GptGenerateWorkload(1, 8);
        List<Measurement> ms = runAll(w);
        assertThat(ms).extracting(Measurement::name).containsExactly("kv_cache t=1", "no_cache t=1");
        assertThat(ms).allSatisfy(m -> assertThat(m.median()).isPositive());
        assertThat(w.produced()).hasSize(2);
        assertThat(w.produced().get(0)).hasSize(8).isEqualTo(w.produced().get(1));
    }

    @Test
    void fashionMnistTrainsAndReportsEpochSecondsAndAccuracy() {
        FashionWorkload w = new FashionWorkload(1, 1, 640, 1000, FashionWorkload.DIR);
        assumeTrue(w.missing() == null, "Fashion-MNIST files not installed");
        List<Measurement> ms = runAll(w);
        assertThat(ms).extracting(Measurement::name).containsExactly("train t=1", "test accuracy t=1");
        assertThat(ms.get(0).unit()).isEqualTo("s/epoch");
        assertThat(ms.get(0).lowerIsBetter()).isTrue();
        assertThat(ms.get(0).median()).isPositive();
        // 10 Adam steps on real images: far above the 10% of chance.
        assertThat(ms.get(1).median()).isBetween(0.3, 1.0);
        assertThat(w.accuracies()).hasSize(1);
    }

    @Test
    void fashionMnistSkipsWithAReasonWhenFilesAreMissing() {
        FashionWorkload w = new FashionWorkload(1, 1, 64, 64, Path.of("/nonexistent-fashion-dir"));
        assertThat(w.missing()).contains("nonexistent-fashion-dir");
        assertThat(w.title()).contains("SKIPPED");
        assertThat(w.cases()).isEmpty();
    }

    @Test
    void ratioIsOrientedSoThatAboveOneMeansCambiumIsBetter() {
        Measurement fastCambium = new Measurement("x", "samples/s", 2, 200, List.of(200.0));
        Measurement slowRef = new Measurement("x", "samples/s", 2, 100, List.of(100.0));
        assertThat(Measurement.ratio(fastCambium, slowRef)).isEqualTo(2.0);
        Measurement quickEpoch = new Measurement("x", "s/epoch", 2, 50, List.of(50.0));
        Measurement slowEpoch = new Measurement("x", "s/epoch", 2, 100, List.of(100.0));
        assertThat(Measurement.ratio(quickEpoch, slowEpoch)).isEqualTo(2.0);
    }
}
