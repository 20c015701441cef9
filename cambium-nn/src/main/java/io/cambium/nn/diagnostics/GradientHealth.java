package io.cambium.nn.diagnostics;

/** The verdict on a layer's (or a whole run's) gradients. */
public enum GradientHealth {
    /** Gradients of a usable size, neither shrinking towards the input nor growing without bound. */
    HEALTHY,
    /** Gradients orders of magnitude smaller than the largest layer's: the layer hardly learns. */
    VANISHING,
    /** Gradients growing by orders of magnitude over the steps, or NaN/infinite. */
    EXPLODING,
    /** Most output units are 0 for every sample (dead ReLUs): no gradient flows through them. */
    DEAD,
    /** Not enough was measured to judge (no gradient, no record). */
    UNKNOWN
}
