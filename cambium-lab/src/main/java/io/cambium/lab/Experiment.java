package io.cambium.lab;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The measured answer to one or more seed questions. An implementation is a small class that uses
 * only Cambium's public API, so it doubles as an example: it builds its data, trains what it
 * compares, and returns tables, plots and a conclusion computed from the numbers it measured.
 */
public interface Experiment {
    /**
     * The question numbers of the seed this experiment answers, the first being its own; 0 stands
     * for the bank's title ({@link Question#TITLE}).
     */
    List<Integer> questions();

    /** What the experiment measures, in one English line (the page's title). */
    String title();

    /** The question and the textbook answer being tested, in English (a few sentences). */
    String summary();

    /**
     * Runs the experiment.
     *
     * @param mode     quick (at most about 30 s) or full (at most about 5 minutes on 2 cores)
     * @param seed     seeds the data selection, the initial weights and every random draw
     * @param progress where to report the work done, for the progress bar and the time left
     */
    Result run(Mode mode, long seed, Progress progress);

    /**
     * Why this experiment cannot run in this build yet, when it needs something another issue is
     * still delivering (pretrained weights not in the registry, for example); empty when it can
     * run. The catalogue then lists its questions as waiting, with this reason.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /**
     * The id used on the command line and in file names: {@code q} and the first question, two
     * digits ({@code title} for the bank's title).
     */
    default String id() {
        return id(questions().get(0));
    }

    /** The id of question {@code n}: {@code q07}, or {@code title} for 0 (the bank's title). */
    static String id(int n) {
        return n == 0 ? Question.TITLE : String.format(Locale.ROOT, "q%02d", n);
    }
}
