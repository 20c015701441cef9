package io.cambium.rl.spaces;

/**
 * A set of valid observations or actions (Gymnasium's {@code Space}): membership with
 * {@link #contains(Object)} and uniform sampling from the space's own seeded generator.
 *
 * @param <T> the Java type of the elements ({@code Integer} for {@link Discrete}, {@code float[]}
 *     for {@link Box})
 */
public interface Space<T> {
    /** Whether {@code x} is an element of this space (a value of another type is not). */
    boolean contains(Object x);

    /** A random element, drawn from this space's generator (see {@link #seed(long)}). */
    T sample();

    /** Seeds this space's generator, so that {@link #sample()} is reproducible. */
    void seed(long seed);

    /** The shape of one element ({@code []} for a discrete value). */
    int[] shape();

    /** A short description of a value of this space's type, for error messages. */
    String describe(Object x);
}
