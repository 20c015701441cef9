package io.cambium.compress.lab;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Chooses the distillation comparison's student epochs, alpha and temperature without the test
 * set. The last {@code validation} training images are held out (neither the teacher nor the
 * students train on them); the teacher, the float32 W3 CNN, trains on the rest; the students (the
 * half-width CNN) train on the first {@code studentSamples} images, alone and distilled with each
 * candidate setting, and are scored on the held-out images after every epoch. The rule, fixed
 * before the run: the epoch count is the one where the students trained alone score best (so the
 * baseline is stopped at its best, not after it has overfitted), and the setting is the one whose
 * distilled students score best at that epoch count. The test images are never read.
 */
public final class DistillationSelection {
    /**
     * The selection's size.
     *
     * @param validation training images held out at the end of the training set
     * @param studentSamples the students' training images (the first ones)
     * @param teacherEpochs epochs of the teacher
     * @param maxEpochs epochs of each student (scored after each)
     * @param seeds the students' seeds
     * @param teacherSeed seed of the teacher's weights and shuffling
     * @param settings candidate (alpha, temperature) pairs
     */
    public record Options(int validation, int studentSamples, int teacherEpochs, int maxEpochs, List<Long> seeds,
                          long teacherSeed, List<double[]> settings) {
        /** Checks the values. */
        public Options {
            if (validation < 1 || studentSamples < 1 || teacherEpochs < 1 || maxEpochs < 1 || seeds.isEmpty()
                    || settings.isEmpty()) {
                throw new IllegalArgumentException("DistillationSelection: sizes, epochs, seeds and settings must be "
                        + "positive and non-empty, got validation " + validation + ", students " + studentSamples
                        + ", epochs " + teacherEpochs + "/" + maxEpochs + ", " + seeds.size() + " seeds, "
                        + settings.size() + " settings");
            }
            for (double[] s : settings) {
                if (s.length != 2 || !(s[0] >= 0 && s[0] <= 1) || !(s[1] > 0) || Double.isInfinite(s[1])) {
                    throw new IllegalArgumentException("DistillationSelection: a setting is (alpha in [0, 1], "
                            + "temperature > 0), got " + Arrays.toString(s));
                }
            }
            seeds = List.copyOf(seeds);
            settings = List.copyOf(settings);
        }

        /**
         * The run that chose the acceptance run's settings: 5,000 held-out images, students on 5,000,
         * teacher 3 epochs, students up to 40 epochs, seeds 242 and 243, alpha 0.1/0.5/0.75 with
         * temperatures 2 and 4, and the Keras example's (0.1, 10).
         */
        public static Options standard() {
            List<double[]> settings = new ArrayList<>();
            for (double a : new double[] {0.1, 0.5, 0.75}) {
                for (double t : new double[] {2, 4}) {
                    settings.add(new double[] {a, t});
                }
            }
            settings.add(new double[] {0.1, 10});
            return new Options(5000, 5000, 3, 40, List.of(242L, 243L), 42, settings);
        }
    }

    /**
     * Validation accuracy after each epoch, per seed.
     *
     * @param label "alone" or "alpha A, T T"
     * @param alpha hard-label weight (1 for the students alone)
     * @param temperature temperature (0 for the students alone)
     * @param accuracy {@code accuracy[seed][epoch - 1]}
     */
    public record Curve(String label, double alpha, double temperature, double[][] accuracy) {
        /** Mean over the seeds after {@code epoch} epochs (1-based). */
        public double mean(int epoch) {
            double s = 0;
            for (double[] a : accuracy) {
                s += a[epoch - 1];
            }
            return s / accuracy.length;
        }
    }

    /**
     * What the selection measured and chose.
     *
     * @param teacherSamples the teacher's training images
     * @param validationSamples the held-out images every accuracy is measured on
     * @param studentSamples the students' training images
     * @param teacherAccuracy the teacher's validation accuracy
     * @param alone the students trained alone
     * @param distilled the distilled students, one curve per setting
     * @param epochs the chosen epoch count (the alone students' best)
     * @param chosen the chosen setting's curve (best at {@code epochs})
     * @param wallSeconds wall time of the whole selection
     * @param cpuSeconds process CPU time of the whole selection
     */
    public record Result(int teacherSamples, int validationSamples, int studentSamples, double teacherAccuracy,
                         Curve alone, List<Curve> distilled, int epochs, Curve chosen, double wallSeconds,
                         double cpuSeconds) {
    }

    private DistillationSelection() {
    }

    /** Runs the selection on {@code data}'s training images, logging each measurement to {@code log}. */
    public static Result run(FashionMnist.Data data, Options o, PrintStream log) {
        long t0 = System.nanoTime();
        long c0 = StudentTraining.processCpuNanos();
        Tensor x = data.xTrain();
        int[] y = data.yTrain().toIntArray();
        int n = x.dim(0);
        int teacherN = n - o.validation();
        if (teacherN < o.studentSamples()) {
            throw new IllegalArgumentException("DistillationSelection: " + n + " training images leave " + teacherN
                    + " after holding out " + o.validation() + ", fewer than the " + o.studentSamples()
                    + " student images");
        }
        Tensor xTeacher = x.narrow(0, 0, teacherN);
        int[] yTeacher = Arrays.copyOf(y, teacherN);
        Tensor xVal = x.narrow(0, teacherN, o.validation());
        int[] yVal = Arrays.copyOfRange(y, teacherN, n);
        Tensor xStudent = x.narrow(0, 0, o.studentSamples());
        int[] yStudent = Arrays.copyOf(y, o.studentSamples());
        log.printf(Locale.ROOT, "selection (%s, load %.1f): teacher on images 0..%d, students on 0..%d, validation %d..%d%n",
                data.source(), StudentTraining.loadAverage(), teacherN - 1, o.studentSamples() - 1, teacherN, n - 1);

        Cambium.seed(o.teacherSeed());
        Sequential teacher = CompressionExperiment.cnn(1);
        teacher.compile(new Adam(StudentTraining.LEARNING_RATE), Losses.sparseCategoricalCrossentropy(true),
                Metrics.accuracy());
        teacher.fit(xTeacher, yTeacher, FitConfig.epochs(o.teacherEpochs()).batchSize(StudentTraining.BATCH).quiet());
        double teacherAcc = accuracy(teacher, xVal, yVal);
        log.printf(Locale.ROOT, "teacher (%d params, %d epochs on %d images): validation accuracy %.4f%n",
                teacher.countParams(), o.teacherEpochs(), teacherN, teacherAcc);

        int seeds = o.seeds().size();
        int epochs = o.maxEpochs();
        double[][] alone = new double[seeds][epochs];
        List<double[][]> distilled = new ArrayList<>();
        for (int k = 0; k < o.settings().size(); k++) {
            distilled.add(new double[seeds][epochs]);
        }
        for (int s = 0; s < seeds; s++) {
            long seed = o.seeds().get(s);
            Cambium.seed(seed);
            Sequential a = CompressionExperiment.cnn(0.5);
            double[] row = alone[s];
            StudentTraining.alone(a, xStudent, yStudent, epochs, e -> row[e - 1] = accuracy(a, xVal, yVal));
            log.printf(Locale.ROOT, "seed %d alone: %s%n", seed, format(row));
            for (int k = 0; k < o.settings().size(); k++) {
                double[] st = o.settings().get(k);
                Cambium.seed(seed);
                Sequential d = CompressionExperiment.cnn(0.5);
                double[] drow = distilled.get(k)[s];
                StudentTraining.distilled(teacher, d, xStudent, yStudent, st[0], st[1], epochs,
                        e -> drow[e - 1] = accuracy(d, xVal, yVal));
                log.printf(Locale.ROOT, "seed %d alpha %s T %s: %s (load %.1f)%n", seed, st[0], st[1], format(drow),
                        StudentTraining.loadAverage());
            }
        }
        Curve aloneCurve = new Curve("alone", 1, 0, alone);
        List<Curve> curves = new ArrayList<>();
        for (int k = 0; k < o.settings().size(); k++) {
            double[] st = o.settings().get(k);
            curves.add(new Curve("alpha " + st[0] + ", T " + st[1], st[0], st[1], distilled.get(k)));
        }
        int best = 1;
        for (int e = 2; e <= epochs; e++) {
            if (aloneCurve.mean(e) > aloneCurve.mean(best)) {
                best = e;
            }
        }
        Curve chosen = curves.get(0);
        for (Curve c : curves) {
            if (c.mean(best) > chosen.mean(best)) {
                chosen = c;
            }
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (StudentTraining.processCpuNanos() - c0) / 1e9;
        Result r = new Result(teacherN, o.validation(), o.studentSamples(), teacherAcc, aloneCurve, curves, best, chosen,
                wall, cpu);
        log.println(table(r));
        return r;
    }

    /** The mean validation accuracies, one row per epoch, and the choice. */
    public static String table(Result r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "validation accuracy, mean of %d seeds (teacher %.4f)%n",
                r.alone().accuracy().length, r.teacherAccuracy()));
        b.append("epoch | alone");
        for (Curve c : r.distilled()) {
            b.append(" | ").append(c.label());
        }
        b.append('\n');
        int epochs = r.alone().accuracy()[0].length;
        for (int e = 1; e <= epochs; e++) {
            b.append(String.format(Locale.ROOT, "%5d | %.4f", e, r.alone().mean(e)));
            for (Curve c : r.distilled()) {
                b.append(String.format(Locale.ROOT, " | %.4f", c.mean(e)));
            }
            b.append('\n');
        }
        b.append(String.format(Locale.ROOT, "chosen: %d epochs (alone %.4f), %s (distilled %.4f); %.0f s wall, %.0f s CPU",
                r.epochs(), r.alone().mean(r.epochs()), r.chosen().label(), r.chosen().mean(r.epochs()), r.wallSeconds(),
                r.cpuSeconds()));
        return b.toString();
    }

    private static String format(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double a : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.4f", a));
        }
        return b.toString();
    }

    static double accuracy(Model m, Tensor x, int[] y) {
        Tensor out;
        try (NoGrad g = NoGrad.scope()) {
            out = m.predict(x, 256);
        }
        int[] pred = out.argmax(-1, false).toIntArray();
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == y[i]) {
                ok++;
            }
        }
        return (double) ok / pred.length;
    }

    /**
     * Runs {@link Options#standard()} on the installed Fashion-MNIST. Arguments: {@code --max-epochs E},
     * {@code --seeds S1,S2}, {@code --settings A,T/A,T/...}.
     */
    public static void main(String[] args) {
        Options o = Options.standard();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--max-epochs" -> o = new Options(o.validation(), o.studentSamples(), o.teacherEpochs(),
                        Integer.parseInt(args[++i]), o.seeds(), o.teacherSeed(), o.settings());
                case "--seeds" -> o = new Options(o.validation(), o.studentSamples(), o.teacherEpochs(), o.maxEpochs(),
                        Arrays.stream(args[++i].split(",")).map(Long::parseLong).toList(), o.teacherSeed(), o.settings());
                case "--settings" -> {
                    List<double[]> s = new ArrayList<>();
                    for (String p : args[++i].split("/")) {
                        String[] v = p.split(",");
                        s.add(new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1])});
                    }
                    o = new Options(o.validation(), o.studentSamples(), o.teacherEpochs(), o.maxEpochs(), o.seeds(),
                            o.teacherSeed(), s);
                }
                default -> throw new IllegalArgumentException("DistillationSelection: unknown argument " + args[i]
                        + " (--max-epochs E, --seeds S1,S2, --settings A,T/A,T)");
            }
        }
        run(FashionMnist.load(), o, System.out);
    }
}
