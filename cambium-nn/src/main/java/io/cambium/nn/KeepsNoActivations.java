package io.cambium.nn;

/**
 * Marks a built-in layer that, called for inference, keeps no reference to its input or its
 * output once the call returns (no state, no cache, no user code), so that a {@link Sequential}
 * running it with recording off may reuse the array of an activation once the next layer has read
 * it. Only classes of Cambium's own layer packages count (see {@link Layer#keepsNoActivations()}):
 * a subclass elsewhere may keep what it sees.
 */
public interface KeepsNoActivations {
}
