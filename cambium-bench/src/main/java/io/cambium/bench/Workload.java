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
}
