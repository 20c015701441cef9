package io.cambium.nn.training;

/**
 * One element of a data source for {@code fit}, {@code evaluate} and {@code predict}: something
 * that reads as a {@link Batch} (inputs, targets, sample weights, samples on axis 0). {@link Batch}
 * is one; so is cambium-data's {@code Example}, which is why a batched {@code Dataset<Example>}
 * can be passed to {@code fit} directly, as Keras takes a {@code tf.data.Dataset}.
 */
public interface AsBatch {
    /** This element as a batch. */
    Batch asBatch();
}
