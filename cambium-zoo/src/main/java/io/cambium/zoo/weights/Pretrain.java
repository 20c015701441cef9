package io.cambium.zoo.weights;

import io.cambium.data.loaders.FashionMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains the registry's weights again by their recipe and says whether the file is the
 * registry's (same SHA-256). Used by {@code ./cambium vision pretrain NAME}.
 */
public final class Pretrain {
    private Pretrain() {
    }

    /** The recipe of this name. */
    public static WeightsRecipe recipe(String name) {
        List<String> names = new ArrayList<>();
        for (WeightsRecipe r : ZooWeights.recipes()) {
            if (r.name().equals(name)) {
                return r;
            }
            names.add(r.name());
        }
        throw new IllegalArgumentException("no weights recipe named '" + name + "'; the registry has " + names);
    }

    /** The names of every recipe. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (WeightsRecipe r : ZooWeights.recipes()) {
            names.add(r.name());
        }
        return names;
    }

    /**
     * Runs the recipe on {@code data}, writes the weights to {@code file} (default: the cache
     * file) and reports the accuracy, the wall time and the SHA-256 against the registry's.
     */
    public static WeightsRecipe.Made run(String name, FashionMnist.Data data, Path file, PrintStream out)
            throws IOException {
        return run(name, 0, data, file, out);
    }

    /**
     * As {@link #run(String, FashionMnist.Data, Path, PrintStream)} with {@code epochs} instead of
     * the recipe's (0 for the recipe's): a shorter budget, whose file is not the registry's.
     */
    public static WeightsRecipe.Made run(String name, int epochs, FashionMnist.Data data, Path file, PrintStream out)
            throws IOException {
        WeightsRecipe r = epochs > 0 ? recipe(name).epochs(epochs) : recipe(name);
        Path target = file == null ? WeightCache.file(name) : file;
        out.println("Training " + name + ": " + r.architecture() + " on " + r.dataset() + ", " + r.epochs()
                + " epochs, seed " + r.seed() + " (Fashion-MNIST from " + data.source() + ")");
        WeightsRecipe.Made m = r.run(data, target, out);
        out.printf(Locale.ROOT, "test accuracy %.4f, %.0f s; wrote %s%nSHA-256 %s%n", m.training().testAccuracy(),
                m.training().seconds(), target, m.sha256());
        for (Pretrained p : ZooWeights.all()) {
            if (p.name().equals(name) && p.recipe().epochs() != r.epochs()) {
                out.println("not the registry's recipe (" + r.epochs() + " epochs instead of " + p.recipe().epochs() + ")");
            } else if (p.name().equals(name)) {
                out.println(p.sha256().equals(m.sha256()) ? "identical to the registry's file"
                        : "differs from the registry's SHA-256 " + p.sha256()
                                + " (another thread count, JDK or data copy changes the rounding)");
            }
        }
        return m;
    }
}
