package io.cambium.data.loaders;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 28x28 grayscale images of 10 clothing classes.
 *
 * <p>The full dataset is looked for in {@code $CAMBIUM_DATA} (or its {@code fashion-mnist}
 * sub-folder), {@code ~/.cambium/datasets} (or its {@code fashion-mnist} sub-folder) and {@code /usr/share/datasets/fashion-mnist};
 * if none holds the four IDX files, a real subset shipped with Cambium is used (the first 2,000
 * training and 500 test images). {@link Data#source()} says which one was used.
 */
public final class FashionMnist {
    /** Class names in label order. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};
    private static final String RESOURCE_DIR = "/io/cambium/data/fashion-mnist/";

    private FashionMnist() {
    }

    /**
     * The loaded data: images {@code [N, 28, 28, 1]} scaled to [0, 1], labels {@code [N]} holding
     * class indices 0..9 as floats.
     *
     * @param source where the data came from (a directory, or "embedded subset")
     * @param subset whether this is the small embedded subset rather than the full 60,000 / 10,000
     */
    public record Data(Tensor xTrain, Tensor yTrain, Tensor xTest, Tensor yTest, String source, boolean subset) {
    }

    /** The standard search directories, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("CAMBIUM_DATA");
        if (env != null && !env.isBlank()) {
            dirs.add(Path.of(env));
            dirs.add(Path.of(env, "fashion-mnist"));
        }
        dirs.add(Path.of(System.getProperty("user.home"), ".cambium", "datasets"));
        dirs.add(Path.of(System.getProperty("user.home"), ".cambium", "datasets", "fashion-mnist"));
        dirs.add(Path.of("/usr/share/datasets/fashion-mnist"));
        return dirs;
    }

    /** Loads from the first standard directory that has the files, else the embedded subset. */
    public static Data load() {
        return load(searchPath());
    }

    /** Loads from the first of {@code dirs} that holds all four files, else the embedded subset. */
    public static Data load(List<Path> dirs) {
        for (Path dir : dirs) {
            Path[] files = new Path[FILES.length];
            boolean all = true;
            for (int i = 0; i < FILES.length && all; i++) {
                files[i] = find(dir, FILES[i]);
                all = files[i] != null;
            }
            if (all) {
                return assemble(Idx.read(files[0]), Idx.read(files[1]), Idx.read(files[2]), Idx.read(files[3]),
                        dir.toString(), false);
            }
        }
        return loadEmbedded();
    }

    /** Loads the embedded subset (2,000 training and 500 test images). */
    public static Data loadEmbedded() {
        Tensor[] t = new Tensor[FILES.length];
        for (int i = 0; i < FILES.length; i++) {
            String res = RESOURCE_DIR + FILES[i] + ".gz";
            try (InputStream in = FashionMnist.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IllegalStateException("Fashion-MNIST: embedded resource " + res + " is missing");
                }
                t[i] = Idx.read(in, res);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return assemble(t[0], t[1], t[2], t[3], "embedded subset", true);
    }

    private static Path find(Path dir, String base) {
        for (String name : new String[] {base + ".gz", base, base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    private static Data assemble(Tensor xTr, Tensor yTr, Tensor xTe, Tensor yTe, String source, boolean subset) {
        return new Data(images(xTr, yTr, source, "train"), labels(yTr, source), images(xTe, yTe, source, "test"),
                labels(yTe, source), source, subset);
    }

    private static Tensor images(Tensor x, Tensor y, String source, String split) {
        int[] s = x.shape();
        if (s.length != 3 || s[1] != 28 || s[2] != 28) {
            throw new IllegalArgumentException("Fashion-MNIST " + source + ": " + split + " images have shape "
                    + Shape.str(s) + ", expected (N, 28, 28)");
        }
        if (y.rank() != 1 || y.dim(0) != s[0]) {
            throw new IllegalArgumentException("Fashion-MNIST " + source + ": " + split + " has " + s[0]
                    + " images but labels of shape " + Shape.str(y.shape()));
        }
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] /= 255f;
        }
        return x.reshape(s[0], 28, 28, 1);
    }

    private static Tensor labels(Tensor y, String source) {
        for (float v : y.data()) {
            if (v < 0 || v > 9) {
                throw new IllegalArgumentException("Fashion-MNIST " + source + ": label " + v + " outside 0..9");
            }
        }
        return y;
    }
}
