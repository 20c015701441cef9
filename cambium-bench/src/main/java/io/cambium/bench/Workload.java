package io.cambium.bench;

import java.util.List;

/** One reference workload (W1-W7): an id, a title and the cases it measures. */
public interface Workload {
    /** The id used on the command line and by the reference script, e.g. {@code W1}. */
    String id();

    /** A one-line description. */
    String title();

    /** The cases, in the order they run; their names match the reference script's. */
    List<BenchCase> cases();

    /**
     * Called once before the cases run, untimed, with the reference that will run the same
     * workload afterwards (possibly one that is unavailable): W7 takes the reference's random
     * stream here. Nothing by default.
     */
    default void prepare(Reference reference) {
    }

    /**
     * Whether the reference's repetitions can alternate with Cambium's, case by case (its
     * {@code --serve} mode); false for a workload whose cases time themselves (W7's epochs), which
     * the reference then runs on its own after Cambium's. True by default.
     */
    default boolean interleaved() {
        return true;
    }

    /** Extra arguments for the reference script's run of this workload (after {@link #prepare}). */
    default List<String> referenceArgs() {
        return List.of();
    }

    /**
     * Which random stream (initial weights, data order) the cases train from, for a workload whose
     * outcome depends on it (such as {@code "torch seed 0"}); null when it does not matter.
     */
    default String stream() {
        return null;
    }
}
