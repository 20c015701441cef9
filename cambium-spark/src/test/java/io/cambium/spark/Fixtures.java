package io.cambium.spark;

import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.spark.data.GlobalOrder;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Shared data, models and single-machine references for the Spark tests. */
final class Fixtures {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private Fixtures() {
    }

    /** A three-class problem with class-dependent means: {@code x} [n, 8] and labels [n]. */
    static Tensor[] blobs(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * FEATURES];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(CLASSES);
            y[i] = c;
            for (int j = 0; j < FEATURES; j++) {
                x[i * FEATURES + j] = (float) (r.nextGaussian() + (j % CLASSES == c ? 1.5 : 0));
            }
        }
        return new Tensor[] {new Tensor(x, n, FEATURES), new Tensor(y, n)};
    }

    /** The rows as a DataFrame (features: array of float, label: int) in {@code partitions} partitions. */
    static Dataset<Row> frame(SparkSession spark, Tensor x, Tensor y, int partitions) {
        int n = x.dim(0);
        int f = x.dim(1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Float[] v = new Float[f];
            for (int j = 0; j < f; j++) {
                v[j] = x.data()[i * f + j];
            }
            rows.add(RowFactory.create(v, (int) y.data()[i]));
        }
        StructType schema = new StructType()
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", DataTypes.IntegerType, false);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        return spark.createDataFrame(jsc.parallelize(rows, partitions), schema);
    }

    /** A small MLP compiled with {@code optimizer}; the same seed gives the same initial weights. */
    static Model mlp(long seed, Optimizer optimizer) {
        io.cambium.Cambium.seed(seed);
        Model m = new Sequential(
                new Dense(16).activation("relu").inputShape(FEATURES),
                new Dense(CLASSES).activation("softmax"));
        m.compile(optimizer, Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    /** Single-machine training on the global batches a Spark fit visits: one trainOnBatch per batch. */
    static void trainLocally(Model m, Tensor x, Tensor y, int batch, int epochs, boolean shuffle, long seed) {
        int n = x.dim(0);
        int f = x.numel() / n;
        for (int e = 0; e < epochs; e++) {
            int[] order = GlobalOrder.order(n, shuffle, seed, e);
            for (int from = 0; from < n; from += batch) {
                int b = Math.min(batch, n - from);
                float[] xb = new float[b * f];
                float[] yb = new float[b];
                for (int i = 0; i < b; i++) {
                    int row = order[from + i];
                    System.arraycopy(x.data(), row * f, xb, i * f, f);
                    yb[i] = y.data()[row];
                }
                m.trainOnBatch(new Tensor(xb, b, f), new Tensor(yb, b));
            }
        }
    }

    /** The largest relative L2 difference between corresponding weights of two models. */
    static double relativeDifference(Model a, Model b) {
        List<Tensor> wa = a.getWeights();
        List<Tensor> wb = b.getWeights();
        double worst = 0;
        for (int i = 0; i < wa.size(); i++) {
            double diff = 0;
            double norm = 0;
            float[] p = wa.get(i).data();
            float[] q = wb.get(i).data();
            for (int j = 0; j < p.length; j++) {
                diff += (double) (p[j] - q[j]) * (p[j] - q[j]);
                norm += (double) q[j] * q[j];
            }
            worst = Math.max(worst, Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12));
        }
        return worst;
    }
}
