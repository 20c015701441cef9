package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.LoadedData;
import io.cambium.cli.support.ModelStore;
import io.cambium.cli.support.TrainingSession;
import io.cambium.compress.Models;
import io.cambium.compress.pruning.ChannelPruning;
import io.cambium.compress.pruning.Pruning;
import io.cambium.compress.pruning.PruningSchedule;
import io.cambium.compress.pruning.UpdatePruningStep;
import io.cambium.compress.quantization.Calibration;
import io.cambium.compress.quantization.PostTrainingQuantization;
import io.cambium.nn.Sequential;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Compresses a saved model: int8 quantization, magnitude pruning or channel pruning, with a before/after report. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = "Shrink a saved Sequential model (int8 post-training quantization, magnitude pruning with"
                + " fine-tuning, channel pruning with fine-tuning) and report accuracy, size and latency before and after.")
public final class CompressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--model-file"}, required = true, description = "A model file written by 'cambium train'.")
    Path modelFile;

    @Option(names = {"-o", "--output"}, required = true, description = "Where to write the compressed model.")
    Path output;

    @Option(names = {"-m", "--method"}, defaultValue = "int8",
            description = "int8 (post-training quantization), prune (magnitude, global), channels (structured)."
                    + " Default ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--calibration", defaultValue = "minmax",
            description = "int8: minmax, percentile (99.99) or percentile:<p>. Default ${DEFAULT-VALUE}.")
    String calibration;

    @Option(names = "--calibration-samples", defaultValue = "1000", description = "int8: training samples used to calibrate.")
    int calibrationSamples;

    @Option(names = "--sparsity", defaultValue = "0.8", description = "prune: the fraction of zero weights. Default ${DEFAULT-VALUE}.")
    double sparsity;

    @Option(names = "--fraction", defaultValue = "0.5",
            description = "channels: the fraction of filters and units removed. Default ${DEFAULT-VALUE}.")
    double fraction;

    @Option(names = "--fine-tune-epochs", defaultValue = "1",
            description = "prune and channels: epochs of fine-tuning on the training split. Default ${DEFAULT-VALUE}.")
    int fineTuneEpochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the data split and fine-tuning.")
    long seed;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        if (fineTuneEpochs < 0 || calibrationSamples < 1) {
            throw new UserError("--fine-tune-epochs must be >= 0 and --calibration-samples >= 1");
        }
        ModelStore.checkWritable(output, "-o/--output");
        ModelStore.Loaded loaded = ModelStore.load(modelFile);
        if (!(loaded.model() instanceof Sequential model)) {
            throw new UserError("compress works on Sequential models; " + modelFile + " holds a functional model");
        }
        LoadedData d = data.load(seed);
        EvaluateCommand.checkShape(loaded, d);
        io.cambium.Cambium.seed(seed);
        PrintWriter out = spec.commandLine().getOut();
        Sequential result;
        try {
            result = switch (method.toLowerCase(Locale.ROOT)) {
                case "int8" -> PostTrainingQuantization.quantize(model,
                        d.xTrain().narrow(0, 0, Math.min(calibrationSamples, d.xTrain().dim(0))), Calibration.of(calibration));
                case "prune" -> prune(model, d);
                case "channels" -> channels(model, d);
                default -> throw new UserError("unknown --method '" + method + "' (int8, prune, channels)");
            };
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        ModelStore.save(result, null, 0, loaded.extra(), output);
        Map<String, String> before = measure(model, d, modelFile);
        Map<String, String> after = measure(result, d, output);
        out.println("Data: " + d.description());
        out.printf(Locale.ROOT, "%-26s %16s %16s%n", "", "before", "after (" + method + ")");
        for (String k : before.keySet()) {
            out.printf(Locale.ROOT, "%-26s %16s %16s%n", k, before.get(k), after.get(k));
        }
        out.println("compressed model: " + output);
        out.flush();
        return 0;
    }

    private Sequential prune(Sequential model, LoadedData d) {
        Sequential pruned = Pruning.wrap(Models.mapLayers(model, Models::copy));
        TrainingSession.compile(pruned, new Adam(1e-4));
        long steps = Math.max(1, (long) fineTuneEpochs * ((d.xTrain().dim(0) + 63) / 64));
        if (fineTuneEpochs == 0) {
            Pruning.pruneToSparsity(Pruning.wrappers(pruned), sparsity, true);
        } else {
            pruned.fit(d.xTrain(), d.yTrain(), FitConfig.epochs(fineTuneEpochs).batchSize(64).quiet().callbacks(
                    new UpdatePruningStep(pruned, PruningSchedule.polynomialDecay(0, sparsity, 0, (long) (steps * 0.6), 3,
                            (int) Math.max(1, steps / 50)), true)));
        }
        return Pruning.strip(pruned);
    }

    private Sequential channels(Sequential model, LoadedData d) {
        Sequential small = ChannelPruning.prune(model, fraction);
        if (fineTuneEpochs > 0) {
            TrainingSession.compile(small, new Adam(1e-3));
            small.fit(d.xTrain(), d.yTrain(), FitConfig.epochs(fineTuneEpochs).batchSize(64).quiet());
        }
        return small;
    }

    private static Map<String, String> measure(Sequential m, LoadedData d, Path file) {
        Map<String, String> r = new LinkedHashMap<>();
        Tensor probs;
        try (NoGrad g = NoGrad.scope()) {
            probs = m.predict(d.xTest(), 256);
        }
        int[] pred = probs.argmax(-1, false).toIntArray();
        int[] y = d.yTest().toIntArray();
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            if (pred[i] == y[i]) {
                ok++;
            }
        }
        r.put("test accuracy", String.format(Locale.ROOT, "%.4f", (double) ok / y.length));
        r.put("parameters", String.format(Locale.ROOT, "%,d", m.countParams()));
        r.put("FLOPs per sample", String.format(Locale.ROOT, "%,d", Models.flops(m)));
        r.put("zero weights", String.format(Locale.ROOT, "%.1f %%", 100 * Pruning.sparsity(m)));
        try {
            r.put("file bytes", String.format(Locale.ROOT, "%,d", Files.size(file)));
        } catch (IOException e) {
            r.put("file bytes", "?");
        }
        int batch = Math.min(64, d.xTest().dim(0));
        Tensor x = d.xTest().narrow(0, 0, batch);
        double[] t = new double[15];
        try (NoGrad g = NoGrad.scope()) {
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                m.call(x, false);
                if (i >= 5) {
                    t[i - 5] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        Arrays.sort(t);
        r.put("batch-" + batch + " latency (ms)", String.format(Locale.ROOT, "%.2f", t[t.length / 2]));
        return r;
    }
}
