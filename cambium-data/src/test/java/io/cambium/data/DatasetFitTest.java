package io.cambium.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.LambdaCallback;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.Cardinality;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A Dataset goes to fit, evaluate and predict directly, as a tf.data.Dataset does in Keras (issue 14). */
class DatasetFitTest {
    private Tensor x;
    private Tensor y;

    @BeforeEach
    void data() {
        Layer.resetNames();
        Cambium.seed(11);
        Rng rng = new Rng(5);
        int n = 320;
        float[] xs = new float[n * 2];
        float[] ys = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            xs[2 * i] = (c == 0 ? -1.5f : 1.5f) + (float) rng.nextGaussian() * 0.7f;
            xs[2 * i + 1] = (float) rng.nextGaussian();
            ys[i] = c;
        }
        x = new Tensor(xs, n, 2);
        y = new Tensor(ys, n);
    }

    private static Sequential model() {
        var m = new Sequential(new Dense(8).activation("relu").inputShape(2), new Dense(2));
        m.compile(new Adam(0.02), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        return m;
    }

    @Test
    void fitEvaluateAndPredictTakeABatchedDataset() {
        Dataset<Example> train = Dataset.fromTensorSlices(x, y).shuffle(320, 1).batch(32, false).prefetch(2);
        Dataset<Example> test = Dataset.fromTensorSlices(x, y).batch(64, false);
        var model = model();
        double before = model.evaluate(test).get("loss");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        History h = model.fit(train, FitConfig.epochs(8).validationData(test)
                .verbose(FitConfig.ONE_LINE_PER_EPOCH).output(new PrintStream(buf, true, StandardCharsets.UTF_8)));
        Map<String, Double> after = model.evaluate(test);
        assertThat(after.get("loss")).isLessThan(before * 0.5);
        assertThat(after.get("accuracy")).isGreaterThan(0.9);
        assertThat(after.get("loss")).isCloseTo(h.last("val_loss"), offset(1e-6));
        // The dataset's cardinality gives the progress total from the first epoch: 320 / 32 = 10.
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("10/10 - ");
        Tensor probs = model.predict(test);
        assertThat(probs.shape()).containsExactly(320, 2);
        assertThat(probs.toArray()).containsExactly(model.predict(x).toArray());
    }

    @Test
    void anUnbatchedDatasetIsRejectedWithAHint() {
        var model = model();
        assertThatThrownBy(() -> model.fit(Dataset.fromTensorSlices(x, y), FitConfig.epochs(1).quiet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("elements are not batches")
                .hasMessageContaining("dataset.batch(32)");
        // Without targets the single samples read as a batch of 2 rows of 0 features: the rank tells.
        Dataset<Example> rows = Dataset.fromTensorSlices(x).map(t -> new Example(t, null));
        assertThatThrownBy(() -> model.predict(rows))
                .hasMessageContaining("input shape (2,)")
                .hasMessageContaining("(None, 2)")
                .hasMessageContaining("dataset.batch(32)");
    }

    @Test
    void anEndlessDatasetNeedsStepsPerEpoch() {
        var model = model();
        Dataset<Example> endless = Dataset.fromTensorSlices(x, y).batch(32, false).repeat();
        assertThatThrownBy(() -> model.fit(endless, FitConfig.epochs(1).quiet()))
                .hasMessageContaining("never ends").hasMessageContaining("stepsPerEpoch");
        AtomicInteger batches = new AtomicInteger();
        model.fit(endless, FitConfig.epochs(3).stepsPerEpoch(4).quiet()
                .callbacks(new LambdaCallback().onBatchEnd((b, logs) -> batches.incrementAndGet())));
        assertThat(batches.get()).isEqualTo(12);
    }

    @Test
    void everyPassIsClosedEvenWhenTrainingStopsEarly() {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        Dataset<Example> batches = Dataset.fromTensorSlices(x, y).batch(32, false);
        Dataset<Example> tracked = Dataset.fromSupplier(() -> {
            opened.incrementAndGet();
            DataIterator<Example> it = batches.iterator();
            return DataIterator.of(new Iterator<Example>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Example next() {
                    return it.next();
                }
            }, () -> {
                closed.incrementAndGet();
                it.close();
            });
        });
        var model = model();
        model.fit(tracked, FitConfig.epochs(3).quiet());
        assertThat(opened.get()).isEqualTo(3);
        assertThat(closed.get()).isEqualTo(3);
        // Stopped after 2 batches of the first epoch: the pass is still closed.
        model.fit(tracked, FitConfig.epochs(5).quiet().callbacks(new LambdaCallback().onBatchEnd((b, logs) -> {
            if (b == 1) {
                model.stopTraining(true);
            }
        })));
        assertThat(opened.get()).isEqualTo(4);
        assertThat(closed.get()).isEqualTo(4);
    }

    @Test
    void cardinalityFollowsTheTransformations() {
        Dataset<Integer> ten = Dataset.range(10);
        assertThat(ten.cardinality()).isEqualTo(10);
        assertThat(ten.map(i -> i * 2).shuffle(4, 1).prefetch(2).cache().cardinality()).isEqualTo(10);
        assertThat(ten.batch(3, true, java.util.List::size).cardinality()).isEqualTo(3);
        assertThat(ten.take(4).cardinality()).isEqualTo(4);
        assertThat(ten.skip(4).cardinality()).isEqualTo(6);
        assertThat(ten.repeat(3).cardinality()).isEqualTo(30);
        assertThat(ten.repeat().cardinality()).isEqualTo(Cardinality.INFINITE);
        assertThat(ten.repeat().take(7).cardinality()).isEqualTo(7);
        assertThat(ten.filter(i -> i > 2).cardinality()).isEqualTo(Cardinality.UNKNOWN);
        assertThat(Dataset.zip(ten, Dataset.range(4)).cardinality()).isEqualTo(4);
        assertThat(ten.map(i -> (float) i, 2).cardinality()).isEqualTo(10);
        assertThat(Dataset.of(1, 2, 3).cardinality()).isEqualTo(3);
        assertThat(Dataset.fromSupplier(() -> java.util.List.of(1).iterator()).cardinality()).isEqualTo(Cardinality.UNKNOWN);
        Dataset<Integer> listed = ten.batch(3, false, java.util.List::size);
        assertThat(listed.cardinality()).isEqualTo(4);
        for (Dataset<?> d : java.util.List.of(listed, ten.skip(4), ten.repeat(3), ten.take(4))) {
            assertThat(d.count()).isEqualTo(d.cardinality());
        }
    }
}
