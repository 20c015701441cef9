package io.cambium.tensor.kernels;

/** Chooses the {@link RowKernels} once, at first use. */
final class Rows {
    private Rows() {
    }

    static final RowKernels IN_USE = choose();

    private static RowKernels choose() {
        RowKernels vector = Kernels.loadVector(RowKernels.class, "io.cambium.tensor.kernels.vector.VectorRows",
                "row kernels", "scalar loops");
        return vector != null ? vector : new ScalarRows();
    }
}
