package io.cambium.lab.support;

import io.cambium.lab.Mode;
import io.cambium.zoo.experiments.Budget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the GAN and VAE pages share: the zoo budget of a lab mode, and a scratch directory for the
 * PNG files the zoo's experiments write (the pages keep the bytes, the files go).
 */
public final class GenerativeRuns {
    private GenerativeRuns() {
    }

    /**
     * The zoo budget of a lab mode: quick is {@link Budget#QUICK} (about 30 s), full is
     * {@link Budget#STANDARD} (at most about 5 minutes); the zoo's FULL acceptance runs are longer
     * than a lab page and stay with its command line.
     */
    public static Budget budget(Mode mode) {
        return mode == Mode.QUICK ? Budget.QUICK : Budget.STANDARD;
    }

    /** A fresh scratch directory for one run's PNGs. */
    public static Path scratch(String id) {
        try {
            return Files.createTempDirectory("cambium-lab-" + id + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for " + id + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a PNG the experiment wrote. */
    public static byte[] png(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the experiment's image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a scratch directory and what it holds (best effort: a leftover temp file is no error). */
    public static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is not worth failing a finished experiment
        }
    }
}
