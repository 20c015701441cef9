package io.cambium.lab;

import io.cambium.lab.experiments.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue: every experiment of the lab, and the questions still waiting for another module.
 * Adding a question is one line in {@link #all()}; it then leaves the missing list by itself (once
 * its {@link Experiment#unavailable()} is empty).
 */
public final class Lab {
    private Lab() {
    }

    /** Every experiment that can run in this build, in the order of their first question. */
    public static List<Experiment> experiments() {
        List<Experiment> ready = new ArrayList<>();
        for (Experiment e : all()) {
            if (e.unavailable().isEmpty()) {
                ready.add(e);
            }
        }
        return ready;
    }

    /** Every experiment class of the lab, including those that cannot run yet, in question order. */
    static List<Experiment> all() {
        List<Experiment> all = new ArrayList<>(List.of(
                new Q00LanguageModel(),
                new Q01FullyConnected(),
                new Q02Convolution(),
                new Q03Overfitting(),
                new Q04Dropout(),
                new Q05Metrics(),
                new Q06TrainingOptimization(),
                new Q07TransferLearning(),
                new Q08ReinforcementLearning(),
                new Q09GenerativeAdversarialNetwork(),
                new Q10Architecture(),
                new Q11HyperparameterSearch(),
                new Q12VanishingGradients(),
                new Q13ExplodingGradients(),
                new Q14OverfittingRemedies(),
                new Q15Underfitting(),
                new Q16ClassImbalance(),
                new Q17Generalization(),
                new Q19Outliers(),
                new Q20Noise(),
                new Q21Attention(),
                new Q22TrainingTime(),
                new Q23LabelNoise(),
                new Q24Augmentation(),
                new Q25InputLayer(),
                new Q26ConvolutionDesign(),
                new Q27Pooling(),
                new Q28Recurrent(),
                new Q29DenseDesign(),
                new Q30CnnDesign(),
                new Q34GanDesignChoices(),
                new Q35VariationalAutoencoder(),
                new Q36VaeDesignChoices(),
                new Q37SelfAttention(),
                new Q38MlpDesign(),
                new Q39ResidualConnections(),
                new Q40ResNet(),
                new Q41Tcn()));
        all.sort(Comparator.comparingInt(e -> e.questions().get(0)));
        return all;
    }

    /**
     * Questions whose experiment another issue delivers, while no runnable experiment here covers
     * them; where the lab has the experiment but it cannot run yet, its reason is given as what the
     * question waits for.
     */
    public static List<Awaited> awaited() {
        List<Awaited> all = List.of(
                new Awaited(List.of("7", "39", "40"), 20, "cambium-zoo",
                        "transfer learning from a pretrained backbone; residual connections and ResNet blocks"),
                new Awaited(List.of("8"), 19, "cambium-rl", "a DQN and a policy-gradient agent solving CartPole"),
                new Awaited(List.of("22"), 22, "cambium-compress",
                        "training time: mixed precision, pruning, quantization, distillation"));
        List<Awaited> open = new ArrayList<>();
        for (Awaited a : all) {
            List<String> keys = new ArrayList<>();
            Set<String> reasons = new LinkedHashSet<>();
            for (String k : a.keys()) {
                int n = k.equals(Question.TITLE) ? 0 : Integer.parseInt(k);
                if (forQuestion(n).isEmpty()) {
                    keys.add(k);
                    for (Experiment e : all()) {
                        if (e.questions().contains(n)) {
                            e.unavailable().ifPresent(r -> reasons.add(e.id() + " " + r));
                        }
                    }
                }
            }
            if (!keys.isEmpty()) {
                open.add(new Awaited(keys, a.issue(), a.module(), reasons.isEmpty() ? a.what() : String.join("; ", reasons)));
            }
        }
        return open;
    }

    /** The experiment that answers question {@code n} (0: the bank's title), if the lab has one. */
    public static Optional<Experiment> forQuestion(int n) {
        for (Experiment e : experiments()) {
            if (e.questions().contains(n)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The experiment for an id as typed on the command line: {@code q07}, {@code Q7} or {@code 7};
     * {@code title} (or {@code q00}, {@code 0}) for the bank's title.
     *
     * @throws IllegalArgumentException naming the id when it is not a seed question or its
     *                                  experiment is not in the lab yet (and which issue it waits for)
     */
    public static Experiment find(String id) {
        String s = id.trim().toLowerCase(Locale.ROOT);
        int n;
        try {
            n = s.equals(Question.TITLE) ? 0 : Integer.parseInt(s.startsWith("q") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            n = -1;
        }
        int last = SeedBank.questions().size() - 1;
        if (n < 0 || n > last) {
            throw new IllegalArgumentException("unknown question id '" + id + "': the seed has q01 to q"
                    + String.format(Locale.ROOT, "%02d", last) + " and the title (see 'cambium lab list')");
        }
        Optional<Experiment> e = forQuestion(n);
        if (e.isPresent()) {
            return e.get();
        }
        for (Awaited a : awaited()) {
            if (a.keys().contains(Integer.toString(n))) {
                throw new IllegalArgumentException(Experiment.id(n) + " is not in the lab yet: it waits for issue "
                        + a.issue() + " (" + a.module() + ": " + a.what() + ")");
            }
        }
        throw new IllegalArgumentException(Experiment.id(n) + " has no experiment");
    }
}
