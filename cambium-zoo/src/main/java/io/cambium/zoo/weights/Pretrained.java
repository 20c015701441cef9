package io.cambium.zoo.weights;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.AtomicFile;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One set of pretrained weights of the zoo's registry: its name, the architecture it was trained
 * for, the data set, the test accuracy it reached, the SHA-256 of its file and the command that
 * trains it again. Cambium trains its weights itself (no model hub): the small ones ship inside
 * the module and are copied to the {@link WeightCache} on first use; a file in the cache that does
 * not match its checksum is refused, naming both digests.
 *
 * <p>Weights files are safetensors files keyed by variable name ({@code conv1_conv/kernel}), with
 * the architecture, data set and accuracy in the metadata.
 */
public final class Pretrained {
    /** Metadata keys of a weights file. */
    public static final String META_NAME = "cambium.weights.name";
    public static final String META_ARCHITECTURE = "cambium.weights.architecture";
    public static final String META_DATASET = "cambium.weights.dataset";
    public static final String META_ACCURACY = "cambium.weights.accuracy";

    private final WeightsRecipe recipe;
    private final String name;
    private final String architecture;
    private final double accuracy;
    private final String sha256;

    /**
     * A registry entry: weights made by {@code recipe}.
     *
     * @param recipe   how the weights are trained (architecture, data, epochs, seed)
     * @param accuracy the test accuracy the recipe's run measured
     * @param sha256   the hex SHA-256 of the file it wrote
     */
    public Pretrained(WeightsRecipe recipe, double accuracy, String sha256) {
        this.recipe = recipe;
        this.name = recipe.name();
        this.architecture = recipe.architecture();
        this.accuracy = accuracy;
        this.sha256 = sha256.toLowerCase(Locale.ROOT);
    }

    /**
     * The registry entry of this name.
     *
     * @throws IllegalArgumentException listing the registry's names when there is none
     */
    public static Pretrained get(String name) {
        for (Pretrained p : ZooWeights.all()) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        List<String> names = new ArrayList<>();
        for (Pretrained p : ZooWeights.all()) {
            names.add(p.name);
        }
        throw new IllegalArgumentException("no pretrained weights named '" + name + "'; the registry has " + names);
    }

    /** The registry entry of this name, if its weights were made and registered. */
    public static Optional<Pretrained> find(String name) {
        for (Pretrained p : ZooWeights.all()) {
            if (p.name.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Every entry of the registry. */
    public static List<Pretrained> all() {
        return ZooWeights.all();
    }

    public String name() {
        return name;
    }

    public String architecture() {
        return architecture;
    }

    public String dataset() {
        return recipe.dataset();
    }

    /** The test accuracy measured when the weights were made. */
    public double accuracy() {
        return accuracy;
    }

    /** The hex SHA-256 of the weights file. */
    public String sha256() {
        return sha256;
    }

    /** The command that trains the weights again. */
    public String command() {
        return recipe.command();
    }

    /** How the weights are trained. */
    public WeightsRecipe recipe() {
        return recipe;
    }

    /** The classpath resource of shipped weights. */
    String resource() {
        return "/io/cambium/zoo/weights/" + name + ".safetensors";
    }

    /** Whether the module ships the file. */
    public boolean shipped() {
        return Pretrained.class.getResource(resource()) != null;
    }

    /**
     * The verified weights file in the cache, copied from the module's resources on first use.
     *
     * @throws InvalidFileException when the cached file's SHA-256 differs from the registry's
     * @throws IllegalStateException when the weights are neither cached nor shipped (the message gives the command)
     */
    public Path path() throws IOException {
        Path file = WeightCache.file(name);
        if (!Files.isRegularFile(file)) {
            byte[] bytes;
            try (InputStream in = Pretrained.class.getResourceAsStream(resource())) {
                if (in == null) {
                    throw new IllegalStateException("pretrained weights '" + name + "' are not in the cache (" + file
                            + ") and not shipped with cambium-zoo: train them with: " + command());
                }
                bytes = in.readAllBytes();
            }
            String digest = sha256(bytes);
            if (!digest.equals(sha256)) {
                throw new IllegalStateException("the shipped weights '" + name + "' have SHA-256 " + digest
                        + ", the registry expects " + sha256 + " (the build packaged another file)");
            }
            AtomicFile.write(file, ch -> {
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            });
        }
        String digest = sha256(Files.readAllBytes(file));
        if (!digest.equals(sha256)) {
            throw new InvalidFileException(file, "SHA-256 is " + digest + ", the registry expects " + sha256
                    + " for '" + name + "' (a corrupt or replaced file: delete it to restore the shipped one, or"
                    + " train it again with: " + command() + ")");
        }
        return file;
    }

    /** The weights by variable name, read from the verified file. */
    public Map<String, Tensor> tensors() {
        try {
            return SafeTensors.read(path()).tensors();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the weights into a model built by a zoo builder whose {@code architecture()} is
     * {@code modelArchitecture}. Every weight of the model must be in the file with the same
     * shape; the file's classifier weights are left out when the model has no top.
     *
     * @throws IllegalArgumentException when the weights were trained for another architecture,
     *     or the model's weights do not match (naming each, expected and actual shape)
     */
    public void loadInto(Model model, String modelArchitecture, boolean includeTop) {
        if (!architecture.equals(modelArchitecture)) {
            throw new IllegalArgumentException("pretrained weights '" + name + "' are for " + architecture
                    + ", the model is " + modelArchitecture);
        }
        assign(model, includeTop);
    }

    /**
     * Loads the weights into any model whose variables carry the same names and shapes (a model
     * built in code to the same architecture), all or nothing.
     *
     * @param requireAll whether every weight of the file must go to the model (false for a model
     *                   without the top the weights were trained with)
     */
    public void assign(Model model, boolean requireAll) {
        Map<String, Tensor> file = tensors();
        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        Map<Variable, Tensor> plan = new LinkedHashMap<>();
        for (Variable v : model.variables()) {
            Tensor t = file.get(v.name());
            used.add(v.name());
            if (t == null) {
                problems.add("the model's weight '" + v.name() + "' " + Shape.str(v.shape()) + " is not in the file");
            } else if (!Shape.same(t.shape(), v.shape())) {
                problems.add("'" + v.name() + "' has shape " + Shape.str(t.shape()) + " in the file, the model's is "
                        + Shape.str(v.shape()) + hint(v.name()));
            } else {
                plan.put(v, t);
            }
        }
        if (requireAll) {
            for (String k : file.keySet()) {
                if (!used.contains(k)) {
                    problems.add("the file's weight '" + k + "' has no variable in the model");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("pretrained weights '" + name + "' (" + architecture + ", " + dataset()
                    + ") do not fit " + model.describe() + ": " + String.join("; ", problems));
        }
        plan.forEach(Variable::assign);
    }

    private static String hint(String variable) {
        return variable.startsWith("predictions/")
                ? " (another number of classes: build with the weights' classes, or includeTop(false) and a new head)"
                : "";
    }

    /** The hex SHA-256 of some bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Writes a model's weights as a registry file, atomically, with the architecture, data set and
     * accuracy in its metadata; returns the file's SHA-256, to record in the registry.
     */
    public static String write(Model model, Path file, String name, String architecture, String dataset,
                               double accuracy) throws IOException {
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (Variable v : model.variables()) {
            if (weights.put(v.name(), v.value()) != null) {
                throw new IllegalArgumentException(model.describe() + ": two variables are named '" + v.name() + "'");
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_NAME, name);
        meta.put(META_ARCHITECTURE, architecture);
        meta.put(META_DATASET, dataset);
        meta.put(META_ACCURACY, String.format(Locale.ROOT, "%.4f", accuracy));
        SafeTensors.write(file, weights, meta);
        return sha256(Files.readAllBytes(file));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s, %s, test accuracy %.4f, sha256 %s", name, architecture, dataset(),
                accuracy, sha256);
    }
}
