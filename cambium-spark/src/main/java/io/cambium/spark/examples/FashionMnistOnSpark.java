package io.cambium.spark.examples;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.spark.RunStats;
import io.cambium.spark.SparkFitConfig;
import io.cambium.spark.SparkTrainer;
import io.cambium.spark.data.Columns;
import io.cambium.spark.data.GlobalOrder;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Fashion-MNIST on Spark: writes the IDX data as a Parquet file (image bytes and label), trains
 * an MLP with {@link SparkTrainer} from that file, and optionally the same MLP on this machine
 * with the same global batches, then prints both test accuracies and the run's step time and
 * communication per step.
 *
 * <pre>
 * spark-submit --master spark://HOST:7077 --class io.cambium.spark.examples.FashionMnistOnSpark \
 *   --jars cambium-tensor.jar,cambium-nn.jar,cambium-data.jar cambium-spark.jar \
 *   [--parquet DIR] [--epochs 2] [--batch 256] [--partitions N] [--local-baseline] [--averaging K]
 * </pre>
 */
public final class FashionMnistOnSpark {
    private FashionMnistOnSpark() {
    }

    /** The outcome of one training: test accuracy, and the Spark run's figures (null for local). */
    public record Outcome(double testAccuracy, RunStats stats, double seconds) {
    }

    /** Writes images (raw uint8 bytes, 28x28) and labels as Parquet; returns the row count. */
    public static long writeParquet(SparkSession spark, Tensor x, Tensor y, Path dir, int partitions) {
        int n = x.dim(0);
        List<Row> rows = new ArrayList<>(n);
        float[] d = x.data();
        for (int i = 0; i < n; i++) {
            byte[] img = new byte[784];
            for (int j = 0; j < 784; j++) {
                img[j] = (byte) Math.round(d[i * 784 + j] * 255f);
            }
            rows.add(RowFactory.create(img, (int) y.data()[i]));
        }
        StructType schema = new StructType().add("image", DataTypes.BinaryType, false)
                .add("label", DataTypes.IntegerType, false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        spark.createDataFrame(jsc.parallelize(rows, partitions), schema).write().mode(SaveMode.Overwrite)
                .parquet(dir.toString());
        return n;
    }

    /** The MLP of the example, with weights drawn from {@code seed}. */
    public static Model model(long seed) {
        Cambium.seed(seed);
        Model m = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(128).activation("relu"),
                new Dense(10).activation("softmax"));
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    /** Trains on the Parquet file with Spark and evaluates on the test set. */
    public static Outcome trainOnSpark(SparkSession spark, Path parquet, FashionMnist.Data test, int epochs,
                                       int batch, int partitions, int averaging, long seed) {
        Model m = model(seed);
        Dataset<Row> df = spark.read().parquet(parquet.toString());
        SparkFitConfig cfg = SparkFitConfig.of(Columns.of("image", "label").inputShape(28, 28, 1))
                .batchSize(batch).epochs(epochs).seed(seed).verbose(FitConfig.ONE_LINE_PER_EPOCH);
        if (partitions > 0) {
            cfg.partitions(partitions);
        }
        if (averaging > 0) {
            cfg.averaging(averaging);
        }
        long t0 = System.nanoTime();
        SparkTrainer.fit(m, df, cfg);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Outcome(m.evaluate(test.xTest(), test.yTest()).get("accuracy"), cfg.stats(), secs);
    }

    /**
     * Trains on this machine on rows in the order Spark numbers them (see {@link #readBack}),
     * with the global batches a Spark fit with the same seed visits.
     */
    public static Outcome trainLocally(Tensor x, Tensor y, FashionMnist.Data test, int epochs, int batch, long seed) {
        Model m = model(seed);
        int n = x.dim(0);
        int f = x.numel() / n;
        long t0 = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            int[] order = GlobalOrder.order(n, true, seed, e);
            for (int from = 0; from < n; from += batch) {
                int b = Math.min(batch, n - from);
                float[] xb = new float[b * f];
                float[] yb = new float[b];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(x.data(), order[from + i] * f, xb, i * f, f);
                    yb[i] = y.data()[order[from + i]];
                }
                m.trainOnBatch(new Tensor(xb, b, 28, 28, 1), new Tensor(yb, b));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Outcome(m.evaluate(test.xTest(), test.yTest()).get("accuracy"), null, secs);
    }

    /**
     * The images and labels of a Parquet file in the order Spark numbers its rows (the order a
     * fit sees), pixel values as the fit decodes them.
     */
    public static Tensor[] readBack(SparkSession spark, Path parquet) {
        List<Row> rows = spark.read().parquet(parquet.toString()).collectAsList();
        int n = rows.size();
        float[] x = new float[n * 784];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            byte[] img = (byte[]) rows.get(i).get(0);
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = (img[j] & 0xFF) / 255f;
            }
            y[i] = rows.get(i).getInt(1);
        }
        return new Tensor[] {new Tensor(x, n, 28, 28, 1), new Tensor(y, n)};
    }

    /** Command line: see the class comment. */
    public static void main(String[] args) {
        Path parquet = Path.of("fashion-mnist-train.parquet");
        int epochs = 2;
        int batch = 256;
        int partitions = 0;
        int averaging = 0;
        boolean baseline = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--parquet" -> parquet = Path.of(args[++i]);
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--partitions" -> partitions = Integer.parseInt(args[++i]);
                case "--averaging" -> averaging = Integer.parseInt(args[++i]);
                case "--local-baseline" -> baseline = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SparkSession spark = SparkSession.builder().appName("cambium-fashion-mnist").getOrCreate();
        try {
            FashionMnist.Data data = FashionMnist.load();
            System.out.println("Fashion-MNIST from " + data.source() + ": " + data.xTrain().dim(0) + " training images");
            writeParquet(spark, data.xTrain(), data.yTrain(), parquet, Math.max(partitions, 2));
            Outcome s = trainOnSpark(spark, parquet, data, epochs, batch, partitions, averaging, 1);
            System.out.printf(Locale.ROOT, "spark: test accuracy %.4f in %.1f s (%s)%n", s.testAccuracy(), s.seconds(),
                    s.stats());
            if (baseline) {
                Tensor[] xy = readBack(spark, parquet);
                Outcome l = trainLocally(xy[0], xy[1], data, epochs, batch, 1);
                System.out.printf(Locale.ROOT, "local: test accuracy %.4f in %.1f s%n", l.testAccuracy(), l.seconds());
            }
        } finally {
            spark.stop();
        }
    }
}
