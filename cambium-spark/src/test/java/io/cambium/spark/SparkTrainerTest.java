package io.cambium.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.spark.data.Columns;
import io.cambium.spark.examples.FashionMnistOnSpark;
import io.cambium.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkTrainer in {@code local[2]}: equivalence with single-machine training, averaging, checkpoints, errors. */
class SparkTrainerTest {
    private static final int ROWS = 320;
    private static final int BATCH = 32;
    private static SparkSession spark;
    private static Tensor[] data;
    private static Dataset<Row> frame;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("cambium-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
        data = Fixtures.blobs(ROWS, 11);
        frame = Fixtures.frame(spark, data[0], data[1], 2);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static SparkFitConfig config() {
        return SparkFitConfig.of(Columns.of("features", "label")).batchSize(BATCH).seed(5).verbose(FitConfig.QUIET);
    }

    @Test
    void synchronousStepsEqualSingleMachineTraining() {
        // 5 epochs of 10 global batches: 50 steps, shuffled, with Adam (moments are sensitive to every gradient).
        Model distributed = Fixtures.mlp(3, new Adam(1e-2));
        Model local = Fixtures.mlp(3, new Adam(1e-2));
        History h = SparkTrainer.fit(distributed, frame, config().epochs(5));
        Fixtures.trainLocally(local, data[0], data[1], BATCH, 5, true, 5);

        assertThat(distributed.optimizer().iterations()).isEqualTo(50);
        assertThat(local.optimizer().iterations()).isEqualTo(50);
        double rel = Fixtures.relativeDifference(distributed, local);
        System.out.println("local[2], 50 Adam steps: largest relative weight difference to one process " + rel);
        assertThat(rel).isLessThan(1e-5);
        assertThat(h.get("loss")).hasSize(5);
        assertThat(h.last("accuracy")).isGreaterThan(0.8);
        assertThat(h.get("loss").get(4)).isLessThan(h.get("loss").get(0));
    }

    @Test
    void unshuffledRunEqualsModelFitWithoutShuffle() {
        Model distributed = Fixtures.mlp(4, new SGD(0.1, 0.9));
        Model local = Fixtures.mlp(4, new SGD(0.1, 0.9));
        History hd = SparkTrainer.fit(distributed, frame, config().epochs(2).shuffle(false).partitions(3));
        History hl = local.fit(data[0], data[1], FitConfig.epochs(2).batchSize(BATCH).shuffle(false).verbose(0));
        assertThat(Fixtures.relativeDifference(distributed, local)).isLessThan(1e-5);
        for (int e = 0; e < 2; e++) {
            assertThat(hd.get("loss").get(e)).isCloseTo(hl.get("loss").get(e), org.assertj.core.data.Offset.offset(1e-5));
            assertThat(hd.get("accuracy").get(e)).isEqualTo(hl.get("accuracy").get(e));
        }
    }

    @Test
    void averagingEveryStepWithPlainSgdIsSynchronousTraining() {
        // With one local step and no momentum, the row-weighted mean of w - lr * g_p is w - lr * sum(share_p * g_p).
        Model averaged = Fixtures.mlp(6, new SGD(0.1));
        Model local = Fixtures.mlp(6, new SGD(0.1));
        SparkTrainer.fit(averaged, frame, config().epochs(2).averaging(1));
        Fixtures.trainLocally(local, data[0], data[1], BATCH, 2, true, 5);
        assertThat(averaged.optimizer().iterations()).isEqualTo(20);
        assertThat(Fixtures.relativeDifference(averaged, local)).isLessThan(1e-5);
    }

    @Test
    void averagingWithLocalStepsTrainsAndAveragesOptimizerState() {
        Model averaged = Fixtures.mlp(7, new Adam(1e-2));
        History h = SparkTrainer.fit(averaged, frame, config().epochs(5).averaging(4));
        assertThat(averaged.optimizer().iterations()).isEqualTo(50);
        assertThat(h.last("accuracy")).isGreaterThan(0.8);
        // The averaged first moment of the first kernel is a real (non-zero) average, not one replica's.
        assertThat(averaged.optimizer().state().get(averaged.trainableVariables().get(0).name() + "/m").data())
                .isNotEqualTo(new float[Fixtures.FEATURES * 16]);
    }

    @Test
    void resumesFromTheNewestCheckpointAsIfUninterrupted(@TempDir Path dir) throws Exception {
        Model full = Fixtures.mlp(8, new Adam(1e-2));
        SparkTrainer.fit(full, frame, config().epochs(3));

        // A run stopped after step 14 (mid-epoch), then a new driver resuming from the checkpoints.
        Model first = Fixtures.mlp(8, new Adam(1e-2));
        SparkTrainer.fit(first, frame, config().epochs(3).checkpoints(dir, 7).callbacks(new StopAt(14)));
        assertThat(first.optimizer().iterations()).isEqualTo(14);
        assertThat(Files.readString(dir.resolve("latest.json"))).contains("\"step\" : 14");
        Model resumed = Fixtures.mlp(99, new Adam(1e-2));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        History h = SparkTrainer.fit(resumed, frame, config().epochs(3).checkpoints(dir, 7)
                .verbose(FitConfig.ONE_LINE_PER_EPOCH).output(new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("at step 14").contains("Epoch 2/3")
                .contains("10/10").doesNotContain("Epoch 1/3");
        assertThat(h.epochs()).containsExactly(1, 2);
        assertThat(resumed.optimizer().iterations()).isEqualTo(30);
        assertThat(Fixtures.relativeDifference(resumed, full)).isEqualTo(0.0);
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.toString().endsWith(".cambium")).count()).isEqualTo(2);
        }

        // The same folder with another data order is refused.
        assertThatThrownBy(() -> SparkTrainer.fit(Fixtures.mlp(8, new Adam(1e-2)), frame,
                config().epochs(3).seed(6).checkpoints(dir, 7)))
                .isInstanceOf(java.io.UncheckedIOException.class).hasCauseInstanceOf(InvalidFileException.class)
                .hasMessageContaining("different run");
    }

    @Test
    void imageBytesFromParquetTrainAsOnOneMachine(@TempDir Path dir) {
        FashionMnist.Data d = FashionMnist.loadEmbedded();
        Path parquet = dir.resolve("fashion.parquet");
        FashionMnistOnSpark.writeParquet(spark, d.xTrain().slice(0, 0, 512), d.yTrain().slice(0, 0, 512), parquet, 2);
        Tensor[] back = FashionMnistOnSpark.readBack(spark, parquet);
        assertThat(back[0].shape()).containsExactly(512, 28, 28, 1);

        FashionMnistOnSpark.Outcome onSpark = FashionMnistOnSpark.trainOnSpark(spark, parquet, d, 3, 64, 0, 0, 1);
        FashionMnistOnSpark.Outcome local = FashionMnistOnSpark.trainLocally(back[0], back[1], d, 3, 64, 1);
        assertThat(onSpark.testAccuracy()).isGreaterThan(0.6)
                .isCloseTo(local.testAccuracy(), org.assertj.core.data.Offset.offset(0.004));
        assertThat(onSpark.stats().steps()).isEqualTo(24);
    }

    @Test
    void badColumnsAreNamed() {
        Model m = Fixtures.mlp(1, new Adam());
        assertThatThrownBy(() -> SparkTrainer.fit(m, frame, SparkFitConfig.of(Columns.of("pixels", "label"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no column 'pixels'");
        assertThatThrownBy(() -> SparkTrainer.fit(m, frame, SparkFitConfig.of(Columns.of("features", "label")
                .inputShape(4, 4)).verbose(0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'features' row 0: 8 values do not fill the input shape [4, 4] (16 values)");
        assertThatThrownBy(() -> SparkTrainer.fit(m, frame, SparkFitConfig.of(Columns.of("features", "label")
                .inputShape(2, 4)).verbose(0)))
                .hasMessageContaining("feature shape [2, 4] but the model takes (None, 8)");
        Model uncompiled = new io.cambium.nn.Sequential(new io.cambium.nn.layers.core.Dense(2).inputShape(8));
        assertThatThrownBy(() -> SparkTrainer.fit(uncompiled, frame, config()))
                .hasMessageContaining("compile the model");
    }

    /** Stops training after a given number of steps (a driver that goes away mid-epoch). */
    static final class StopAt extends io.cambium.nn.callbacks.Callback {
        private final int steps;
        private int seen;

        StopAt(int steps) {
            this.steps = steps;
        }

        @Override
        public void onTrainBatchEnd(int batch, java.util.Map<String, Double> logs) {
            if (++seen == steps) {
                model().stopTraining(true);
            }
        }
    }
}
