package io.cambium.compress.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.compress.TestData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        // one unit per epoch: 1 float, 1 bf16 + 1 fp16, 1 pruning, 1 channels, 2 students
        assertThat(fractions).hasSize(7).isSorted();
        assertThat(fractions.get(fractions.size() - 1)).isEqualTo(1.0);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("int8: test accuracy").contains("distillation (student");
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
