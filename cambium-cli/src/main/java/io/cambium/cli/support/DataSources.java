package io.cambium.cli.support;

import io.cambium.cli.UserError;
import io.cambium.data.Example;
import io.cambium.data.loaders.Csv;
import io.cambium.data.loaders.CsvTable;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.data.loaders.ImageFolder;
import io.cambium.data.preprocessing.ColorMode;
import io.cambium.data.preprocessing.LabelEncoder;
import io.cambium.data.preprocessing.Splits;
import io.cambium.data.preprocessing.StandardScaler;
import io.cambium.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Resolves the {@code --data} option of the commands: {@code fashion-mnist} (full data if installed,
 * else the embedded subset), {@code fashion-mnist-subset}, a {@code .csv} file (class in the last
 * column or {@code --target}), or an image folder with one sub-folder per class.
 */
public final class DataSources {
    /** The accepted forms, for error messages. */
    public static final String FORMS = "fashion-mnist, fashion-mnist-subset, a .csv file or an image folder";

    private DataSources() {
    }

    /** Options that only some sources use. */
    public record Options(String target, int imageSize, boolean rgb, double testFraction, long seed) {
        public static Options defaults() {
            return new Options(null, 64, false, 0.2, 42);
        }
    }

    /** Loads a dataset by name or path. */
    public static LoadedData load(String spec, Options o) {
        if (spec.equals("fashion-mnist") || spec.equals("fashion-mnist-subset")) {
            FashionMnist.Data d = spec.equals("fashion-mnist") ? FashionMnist.load() : FashionMnist.loadEmbedded();
            String where = d.subset()
                    ? "Fashion-MNIST embedded subset (" + d.xTrain().dim(0) + " train / " + d.xTest().dim(0)
                    + " test images; install the full data in /usr/share/datasets/fashion-mnist or $CAMBIUM_DATA)"
                    : "Fashion-MNIST from " + d.source() + " (" + d.xTrain().dim(0) + " train / " + d.xTest().dim(0)
                    + " test images)";
            return new LoadedData(d.xTrain(), d.yTrain(), d.xTest(), d.yTest(), FashionMnist.CLASS_NAMES, where);
        }
        Path p = Path.of(spec);
        if (!Files.exists(p)) {
            throw new UserError("data not found: '" + spec + "' (expected " + FORMS + ")");
        }
        if (Files.isDirectory(p)) {
            ImageFolder f = ImageFolder.of(p, o.imageSize(), o.imageSize(), o.rgb() ? ColorMode.RGB : ColorMode.GRAYSCALE);
            Example all = f.load();
            Tensor x = all.x().mul(1f / 255f);
            return split(new Example(x, all.y()), f.classNames(), "image folder " + p + " (" + all.size() + " images, "
                    + f.classNames().size() + " classes, " + o.imageSize() + "x" + o.imageSize() + ")", o);
        }
        if (spec.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return csv(p, o);
        }
        throw new UserError("unsupported data '" + spec + "' (expected " + FORMS + ")");
    }

    private static LoadedData csv(Path p, Options o) {
        CsvTable t = Csv.read(p);
        if (t.columns().size() < 2) {
            throw new UserError("CSV " + p + ": need at least one feature column and a target column");
        }
        String target = o.target() == null ? t.columns().get(t.columns().size() - 1) : o.target();
        if (!t.columns().contains(target)) {
            throw new UserError("CSV " + p + ": no target column '" + target + "' (columns: "
                    + String.join(", ", t.columns()) + ")");
        }
        if (!t.missing().isEmpty()) {
            throw new UserError("CSV " + p + ": " + t.missing().size() + " missing values, first at "
                    + t.missing().get(0) + "; impute or drop them first");
        }
        List<String> features = new ArrayList<>();
        for (String c : t.columns()) {
            if (!c.equals(target)) {
                if (t.type(c) != CsvTable.ColumnType.NUMERIC) {
                    throw new UserError("CSV " + p + ": feature column '" + c + "' is not numeric");
                }
                features.add(c);
            }
        }
        LabelEncoder enc = new LabelEncoder();
        String[] raw = t.strings(target);
        if (t.type(target) == CsvTable.ColumnType.NUMERIC) {
            // Numeric class labels sort numerically, not as strings ("10" after "9").
            float[] v = t.numeric(target);
            for (int i = 0; i < raw.length; i++) {
                if (v[i] != Math.rint(v[i])) {
                    throw new UserError("CSV " + p + ": target '" + target + "' has non-integer value " + raw[i]
                            + " on data row " + i + "; train classifies, so the target must hold class labels");
                }
                raw[i] = String.format("%012d", (long) v[i] + (1L << 38));
            }
        }
        int[] labels = enc.fitTransform(raw);
        List<String> names = new ArrayList<>();
        for (String c : enc.classes()) {
            names.add(t.type(target) == CsvTable.ColumnType.NUMERIC ? Long.toString(Long.parseLong(c) - (1L << 38)) : c);
        }
        float[] y = new float[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i];
        }
        Tensor x = t.toTensor(features.toArray(new String[0]));
        return split(new Example(x, new Tensor(y, y.length)), names, "CSV " + p + " (" + t.rows() + " rows, "
                + features.size() + " features, target '" + target + "', " + names.size() + " classes, standardized)", o,
                true);
    }

    private static LoadedData split(Example all, List<String> names, String what, Options o) {
        return split(all, names, what, o, false);
    }

    private static LoadedData split(Example all, List<String> names, String what, Options o, boolean standardize) {
        if (all.size() < 2) {
            throw new UserError(what + ": need at least 2 samples to split into train and test");
        }
        Splits.Split s = Splits.trainValTest(all.size(), 0, o.testFraction(), all.y().data(), o.seed());
        Example train = Splits.select(all, s.train());
        Example test = Splits.select(all, s.test());
        Tensor xTrain = train.x();
        Tensor xTest = test.x();
        if (standardize) {
            // Fitted on the training rows only, so the test rows stay unseen.
            StandardScaler sc = new StandardScaler();
            xTrain = sc.fitTransform(xTrain);
            xTest = sc.transform(xTest);
        }
        return new LoadedData(xTrain, train.y(), xTest, test.y(), List.copyOf(names),
                what + ", split " + train.size() + " train / " + test.size() + " test (seed " + o.seed() + ")");
    }

    /** Parses "HxW" or "N" sizes. */
    static int[] size(String s) {
        String[] parts = s.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            return Arrays.stream(parts).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new UserError("bad size '" + s + "' (expected N or HxW)");
        }
    }
}
