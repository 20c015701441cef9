package io.cambium.zoo.experiments;

/**
 * How much training an experiment gets: {@link #QUICK} shows the mechanics in a minute or two on
 * a subset of the data (for previews and tests; the numbers are those of a barely trained model),
 * {@link #FULL} is the documented acceptance run on all 60,000 training images (about 20 minutes
 * per GAN, a few minutes per VAE, on a 2-core machine).
 */
public enum Budget {
    /** A short run on a subset. */
    QUICK,
    /** The full run. */
    FULL
}
