package io.cambium.nn;

/**
 * A layer over the time axis whose outputs depend on a bounded window of input steps (causal and
 * dilated convolutions, TCN blocks). {@link Model#summary()} composes these windows into the
 * receptive field of the whole stack.
 */
public interface TemporalReceptiveField {
    /** How many consecutive input steps one output step depends on. */
    int receptiveField();

    /** The step between consecutive outputs, in input steps (1 unless strided). */
    default int timeStride() {
        return 1;
    }

    /**
     * The receptive field of layers applied one after the other: each adds its window minus one,
     * scaled by the product of the strides before it.
     */
    static long compose(Iterable<? extends TemporalReceptiveField> layers) {
        long field = 1;
        long jump = 1;
        for (TemporalReceptiveField l : layers) {
            field += (long) (l.receptiveField() - 1) * jump;
            jump *= l.timeStride();
        }
        return field;
    }
}
