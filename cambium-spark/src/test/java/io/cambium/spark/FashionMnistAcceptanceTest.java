package io.cambium.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.spark.examples.FashionMnistOnSpark;
import io.cambium.spark.examples.FashionMnistOnSpark.Outcome;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The long acceptance run, off by default (run it with {@code -Dcambium.spark.acceptance=true},
 * see the module README): Fashion-MNIST from a Parquet file written from the IDX data, trained on
 * {@code local-cluster[2,1,2048]} and on this machine with the same global batches; then the
 * step time and communication with one and with two executors.
 */
class FashionMnistAcceptanceTest {
    private static final int BATCH = 256;

    @Test
    void twoExecutorsReachTheSingleMachineTestAccuracy() {
        assumeTrue(Boolean.getBoolean("cambium.spark.acceptance"),
                "the Fashion-MNIST acceptance run takes minutes: enable it with -Dcambium.spark.acceptance=true");
        int epochs = Integer.getInteger("cambium.spark.epochs", 2);
        FashionMnist.Data data = FashionMnist.load();
        System.out.println("Fashion-MNIST from " + data.source() + ", " + data.xTrain().dim(0) + " training images");
        Path parquet = Path.of("target", "fashion-mnist-train.parquet").toAbsolutePath();
        Path small = Path.of("target", "fashion-mnist-12800.parquet").toAbsolutePath();

        SparkSession spark = LocalCluster.start(2, 2048);
        Outcome s;
        Tensor[] xy;
        Outcome scale2;
        try {
            FashionMnistOnSpark.writeParquet(spark, data.xTrain(), data.yTrain(), parquet, 2);
            int n = Math.min(12_800, data.xTrain().dim(0));
            FashionMnistOnSpark.writeParquet(spark, data.xTrain().slice(0, 0, n), data.yTrain().slice(0, 0, n), small, 2);
            s = FashionMnistOnSpark.trainOnSpark(spark, parquet, data, epochs, BATCH, 2, 0, 1);
            scale2 = FashionMnistOnSpark.trainOnSpark(spark, small, data, 1, BATCH, 2, 0, 1);
            xy = FashionMnistOnSpark.readBack(spark, parquet);
        } finally {
            spark.stop();
        }
        Outcome l = FashionMnistOnSpark.trainLocally(xy[0], xy[1], data, epochs, BATCH, 1);
        Outcome scale1;
        SparkSession one = LocalCluster.start(1, 2048);
        try {
            scale1 = FashionMnistOnSpark.trainOnSpark(one, small, data, 1, BATCH, 1, 0, 1);
        } finally {
            one.stop();
        }
        System.out.printf(Locale.ROOT, "local-cluster[2,1,2048]: test accuracy %.4f in %.1f s (%s)%n", s.testAccuracy(),
                s.seconds(), s.stats());
        System.out.printf(Locale.ROOT, "single machine:          test accuracy %.4f in %.1f s%n", l.testAccuracy(),
                l.seconds());
        System.out.printf(Locale.ROOT, "scaling, 50 steps of %d: 1 executor %s%n", BATCH, scale1.stats());
        System.out.printf(Locale.ROOT, "scaling, 50 steps of %d: 2 executors %s%n", BATCH, scale2.stats());
        assertThat(Math.abs(s.testAccuracy() - l.testAccuracy())).isLessThanOrEqualTo(0.005);
        assertThat(s.testAccuracy()).isGreaterThan(0.8);
    }
}
