package io.cambium.nn.training;

/**
 * A data source that knows how many elements one pass yields (tf.data's {@code cardinality}),
 * so that {@code fit} shows a progress total from the first epoch and refuses an endless source
 * without {@link FitConfig#stepsPerEpoch(int)}. cambium-data's {@code Dataset} implements it.
 */
public interface Cardinality {
    /** The cardinality of a source that never ends (tf.data's INFINITE_CARDINALITY). */
    long INFINITE = -1;
    /** The cardinality of a source that cannot tell in advance (tf.data's UNKNOWN_CARDINALITY). */
    long UNKNOWN = -2;

    /** The number of elements of one pass, {@link #INFINITE} or {@link #UNKNOWN}. */
    long cardinality();
}
