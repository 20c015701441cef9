package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.LoadedData;
import io.cambium.cli.support.ModelStore;
import io.cambium.data.Tensors;
import io.cambium.data.loaders.Images;
import io.cambium.data.preprocessing.ColorMode;
import io.cambium.data.preprocessing.ImageOps;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Predicts classes with a saved model, for image files or the first test samples of a dataset. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict the classes of image files, or of the first test samples of --data.")
public final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--model-file"}, required = true, description = "A model file written by 'cambium train'.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = {"-n", "--limit"}, defaultValue = "10", description = "Test samples to predict with --data (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--top", defaultValue = "3", description = "Classes shown per sample (default ${DEFAULT-VALUE}).")
    int top;

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG) to classify.")
    List<Path> images = new ArrayList<>();

    @Override
    public Integer call() {
        if (limit < 1 || top < 1) {
            throw new UserError("--limit and --top must be >= 1");
        }
        ModelStore.Loaded loaded = ModelStore.load(modelFile);
        PrintWriter out = spec.commandLine().getOut();
        List<String> names = classNames(loaded);
        Tensor x;
        List<String> labels = new ArrayList<>();
        if (!images.isEmpty()) {
            int[] in = inputShape(loaded);
            List<Tensor> rows = new ArrayList<>();
            for (Path p : images) {
                rows.add(readImage(p, in));
                labels.add(p.toString());
            }
            x = Tensors.stack(rows.toArray(new Tensor[0]));
        } else {
            LoadedData d = data.load(42);
            names = d.classNames();
            int n = Math.min(limit, d.xTest().dim(0));
            x = Tensors.rows(d.xTest(), 0, n);
            for (int i = 0; i < n; i++) {
                labels.add("test sample " + i + " (true: " + d.classNames().get((int) d.yTest().get(i)) + ")");
            }
        }
        Tensor probs;
        try (var g = NoGrad.scope()) {
            probs = loaded.model().predict(x, 256);
        }
        int k = probs.dim(1);
        for (int i = 0; i < labels.size(); i++) {
            float[] row = Tensors.slice0(probs, i).data();
            Integer[] order = new Integer[k];
            for (int j = 0; j < k; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, (a, b) -> Float.compare(row[b], row[a]));
            StringBuilder b = new StringBuilder(labels.get(i)).append(": ");
            for (int j = 0; j < Math.min(top, k); j++) {
                String name = order[j] < names.size() ? names.get(order[j]) : "class " + order[j];
                b.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f", name, row[order[j]]));
            }
            out.println(b);
        }
        out.flush();
        return 0;
    }

    private static List<String> classNames(ModelStore.Loaded loaded) {
        List<String> names = new ArrayList<>();
        if (loaded.extra().get("class_names") instanceof List<?> l) {
            l.forEach(o -> names.add(String.valueOf(o)));
        }
        return names;
    }

    private static int[] inputShape(ModelStore.Loaded loaded) {
        List<int[]> ins = loaded.model().inputShapes();
        if (ins == null || ins.size() != 1) {
            throw new UserError("the model does not declare one input shape, so images cannot be fitted to it");
        }
        int[] s = ins.get(0);
        if (s.length != 4) {
            throw new UserError("the model takes inputs of shape " + Shape.str(s) + ", not images");
        }
        return s;
    }

    private static Tensor readImage(Path p, int[] in) {
        BufferedImage img = Images.read(p);
        ColorMode mode = in[3] == 3 ? ColorMode.RGB : ColorMode.GRAYSCALE;
        return ImageOps.resize(ImageOps.fromImage(img, mode), in[1], in[2]).mul(1f / 255f);
    }
}
