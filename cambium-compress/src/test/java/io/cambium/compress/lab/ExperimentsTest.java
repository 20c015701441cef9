package io.cambium.compress.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.compress.TestData;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Sequential;
import io.cambium.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab entry points of question 22, on small sizes: every part runs and its figures are consistent. */
class ExperimentsTest {
    @Test
    void compressionExperimentRunsEveryPartAndReportsProgress() {
        CompressionExperiment.Options o = new CompressionExperiment.Options(256, 256, 1, 1, 1, 1, 2, 7,
                CompressionExperiment.PARTS);
        List<Double> fractions = new ArrayList<>();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompressionExperiment.Figures f = new CompressionExperiment(o, new PrintStream(log, true, StandardCharsets.UTF_8))
                .data(TestData.get()).progress((message, fraction) -> fractions.add(fraction)).run();

        assertThat(f.trainSamples()).isEqualTo(256);
        assertThat(f.testSamples()).isEqualTo(256);
        assertThat(f.data()).isEqualTo("embedded subset");
        assertThat(f.float32().params()).isEqualTo(421_642);
        // int8: the weights are a quarter of the bytes; accuracy stays near the float model's
        assertThat(f.int8().fileRatio()).isGreaterThan(3.5);
        assertThat(f.int8().minMaxAccuracy()).isCloseTo(f.float32().accuracy(), within(0.05));
        assertThat(f.int8().float32Batch64Ms()).isPositive();
        assertThat(f.int8().int8Batch64Ms()).isPositive();
        // the same initial weights in bf16: an accuracy in the float model's neighbourhood
        assertThat(f.mixedPrecision().bf16().accuracy()).isCloseTo(f.float32().accuracy(), within(0.15));
        assertThat(f.mixedPrecision().fp16SkippedSteps()).isNotNegative();
        assertThat(f.pruning().sparsity()).isCloseTo(0.8, within(0.005));
        assertThat(f.channels().paramsAfter()).isLessThan(f.channels().paramsBefore() / 3);
        assertThat(f.channels().flopsAfter()).isLessThan(f.channels().flopsBefore() / 3);
        assertThat(f.channels().accuracyBefore()).isEqualTo(f.float32().accuracy());
        // the student is a quarter of the teacher
        assertThat((double) f.distillation().studentParams() / f.distillation().teacherParams()).isCloseTo(0.25,
                within(0.01));
        assertThat(f.distillation().seeds()).containsExactly(107L);
        assertThat(f.distillation().alone()).hasSize(1);
        assertThat(f.distillation().distilled()).hasSize(1);
        // the first release's constructor: the students train on all of the teacher's images
        assertThat(f.distillation().studentSamples()).isEqualTo(256);
        assertThat(f.distillation().teacherSamples()).isEqualTo(256);
        assertThat(f.distillation().teacherAccuracy()).isEqualTo(f.float32().accuracy());
        assertThat(f.distillation().distilledWallSeconds()).isPositive();
        // one unit per epoch: 1 float, 1 bf16 + 1 fp16, 1 pruning, 1 channels, 2 students
        assertThat(fractions).hasSize(7).isSorted();
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("int8: test accuracy").contains("distillation (student");
    }

    @Test
    void studentsTrainOnTheFirstImagesOfTheTeachers() {
        CompressionExperiment.Options o = new CompressionExperiment.Options(512, 256, 1, 1, 2, 2, 1, 7,
                List.of("distill"), 128);
        CompressionExperiment.Figures f = new CompressionExperiment(o, new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).data(TestData.get()).distillation(0.5, 4).run();
        CompressionExperiment.Distillation d = f.distillation();
        assertThat(d.teacherSamples()).isEqualTo(512);
        assertThat(d.studentSamples()).isEqualTo(128);
        assertThat(d.studentEpochs()).isEqualTo(2);
        assertThat(d.seeds()).containsExactly(107L, 108L);
        assertThat(d.alpha()).isEqualTo(0.5);
        assertThat(d.temperature()).isEqualTo(4);
        assertThat(d.distilledWins()).isBetween(0, 2);
        assertThat(f.int8()).isNull();
        assertThat(CompressionExperiment.Options.full().students(0, 3).studentSamples()).isZero();
        assertThatThrownBy(() -> o.students(-1, 3)).hasMessageContaining("must be >= 0");
    }

    @Test
    void bothStudentsOfASeedAreTheSameRunWhenDistillationIsOff() {
        // alone and distilled with alpha 1 (no soft term): the same initial weights, order and optimizer
        FashionMnist.Data data = TestData.get();
        Tensor x = data.xTrain().narrow(0, 0, 256);
        int[] y = Arrays.copyOf(data.yTrain().toIntArray(), 256);
        Cambium.seed(11);
        Sequential alone = CompressionExperiment.cnn(0.5);
        List<Integer> epochs = new ArrayList<>();
        StudentTraining.alone(alone, x, y, 2, epochs::add);
        Cambium.seed(11);
        Sequential distilled = CompressionExperiment.cnn(0.5);
        StudentTraining.distilled(alone, distilled, x, y, 1, 2, 2, e -> { });
        assertThat(epochs).containsExactly(1, 2);
        for (int i = 0; i < alone.trainableVariables().size(); i++) {
            float[] a = alone.trainableVariables().get(i).value().data();
            float[] b = distilled.trainableVariables().get(i).value().data();
            for (int j = 0; j < a.length; j++) {
                assertThat(b[j]).as("variable %d [%d]", i, j).isCloseTo(a[j], within(1e-4f));
            }
        }
    }

    @Test
    void distillationSelectionNeverReadsTheTestSetAndFollowsItsRule() {
        FashionMnist.Data embedded = TestData.get();
        // no test images at all: the selection must only use the training images
        FashionMnist.Data trainOnly = new FashionMnist.Data(embedded.xTrain(), embedded.yTrain(), null, null, "train only",
                true);
        DistillationSelection.Options o = new DistillationSelection.Options(300, 400, 1, 3, List.of(1L), 42,
                List.of(new double[] {0.5, 2}, new double[] {0.1, 4}));
        DistillationSelection.Result r = DistillationSelection.run(trainOnly, o,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(r.teacherSamples()).isEqualTo(1700);
        assertThat(r.validationSamples()).isEqualTo(300);
        assertThat(r.teacherAccuracy()).isBetween(0.3, 1.0);
        assertThat(r.distilled()).hasSize(2);
        // the epochs are the alone students' best, the setting the best distilled one at those epochs
        for (int e = 1; e <= 3; e++) {
            assertThat(r.alone().mean(r.epochs())).isGreaterThanOrEqualTo(r.alone().mean(e));
        }
        for (DistillationSelection.Curve c : r.distilled()) {
            assertThat(r.chosen().mean(r.epochs())).isGreaterThanOrEqualTo(c.mean(r.epochs()));
        }
        assertThat(DistillationSelection.table(r)).contains("chosen: " + r.epochs() + " epochs");
        assertThatThrownBy(() -> new DistillationSelection.Options(300, 400, 1, 3, List.of(), 42, List.of()))
                .hasMessageContaining("non-empty");
        assertThatThrownBy(() -> DistillationSelection.run(trainOnly, new DistillationSelection.Options(1900, 400, 1, 1,
                List.of(1L), 42, List.of(new double[] {0.5, 2})), System.out)).hasMessageContaining("fewer than the 400");
    }

    @Test
    void compressionExperimentRejectsBadOptions() {
        assertThatThrownBy(() -> CompressionExperiment.Options.quick(100).parts("quantise"))
                .hasMessageContaining("unknown part 'quantise'");
        assertThatThrownBy(() -> new CompressionExperiment.Options(100, 0, 0, 1, 1, 1, 1, 0, List.of()))
                .hasMessageContaining("must be >= 1");
        CompressionExperiment tooFewTests = new CompressionExperiment(
                CompressionExperiment.Options.quick(100).samples(100, 10).parts("quantize"), System.out)
                .data(TestData.get());
        assertThatThrownBy(tooFewTests::run).hasMessageContaining("at least 64 test images, got 10");
    }

    @Test
    void checkpointingHoldsLessMemoryAndTrainsTheSameWeights() {
        CheckpointExperiment.Figures f = CheckpointExperiment.run(0, 1,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(f.lossesEqual()).isTrue();
        // three of four blocks checkpointed: their activations are not held through the backward pass
        assertThat(f.memoryReduction()).isGreaterThan(0.3);
        assertThat(f.checkpointedMsPerStep()).isPositive();
    }
}
