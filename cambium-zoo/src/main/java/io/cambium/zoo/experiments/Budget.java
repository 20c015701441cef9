package io.cambium.zoo.experiments;

/**
 * How much training a question's experiment gets, for the whole question (a question that
 * compares several models splits its budget between them). Sizes are chosen for a 2-core machine:
 *
 * <ul>
 *   <li>{@link #QUICK}: about half a minute of CPU for the question, on a subset and with half-width
 *       GANs: the mechanics and the direction of each comparison, with the numbers of barely trained
 *       models (previews, CI);
 *   <li>{@link #STANDARD}: at most about five minutes for the question, the real architectures on
 *       most of the training set for about one epoch (the numbers the lab's pages are written for);
 *   <li>{@link #FULL}: the documented acceptance runs on all 60,000 training images (about 20
 *       minutes of CPU per GAN, 10 to 20 epochs per VAE); see the module README for their figures.
 * </ul>
 */
public enum Budget {
    /** About 30 s of CPU per question. */
    QUICK,
    /** At most about 5 minutes per question. */
    STANDARD,
    /** The acceptance runs. */
    FULL
}
