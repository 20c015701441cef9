package io.cambium.bench;

import io.cambium.nn.Model;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.function.Supplier;

/**
 * A classifier trained with {@code trainOnBatch}: softmax cross-entropy on logits (mean), Adam
 * lr 1e-3, β 0.9/0.999, ε 1e-8 (PyTorch's defaults), on N(0,1) inputs with uniform labels.
 */
final class ModelTrainingCase extends TrainingCase {
    private final Supplier<Model> factory;
    private final int[] sampleShape;
    private final int batch;
    private final int batches;
    private final int classes;
    private final long seed;
    private Model model;
    private Tensor[] xs;
    private Tensor[] ys;

    ModelTrainingCase(String name, int threads, int warmup, int steps, Supplier<Model> factory, int[] sampleShape,
                      int batch, int batches, int classes, long seed) {
        super(name, "samples/s", threads, warmup, steps, batch);
        this.factory = factory;
        this.sampleShape = sampleShape.clone();
        this.batch = batch;
        this.batches = batches;
        this.classes = classes;
        this.seed = seed;
    }

    @Override
    protected void build() {
        Rng rng = new Rng(seed);
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = batch;
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        xs = new Tensor[batches];
        ys = new Tensor[batches];
        for (int b = 0; b < batches; b++) {
            xs[b] = Tensor.normal(rng, 0f, 1f, shape);
            float[] labels = new float[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rng.nextInt(classes);
            }
            ys[b] = Tensor.of(labels, batch);
        }
        model = factory.get();
        model.compile(new Adam(1e-3).betas(0.9, 0.999).epsilon(1e-8), Losses.sparseCategoricalCrossentropy(true));
    }

    /** The model being trained (after set-up). */
    Model model() {
        return model;
    }

    @Override
    protected int batchCount() {
        return batches;
    }

    @Override
    protected double step(int b) {
        return model.trainOnBatch(xs[b], ys[b]).get("loss");
    }

    @Override
    protected void release() {
        model = null;
        xs = null;
        ys = null;
    }
}
