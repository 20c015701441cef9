package io.cambium.interop.keras;

import io.cambium.nn.InvalidConfigException;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.recurrent.Bidirectional;
import io.cambium.nn.layers.recurrent.Recurrent;
import io.cambium.nn.layers.recurrent.TimeDistributed;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads Keras models with their weights: a Keras 3 {@code .keras} file (a zip of
 * {@code config.json}, read by {@link KerasConfig}, and {@code model.weights.h5}, read with jHDF),
 * or a Keras JSON config alone (fresh weights).
 *
 * <p>The weights file has Keras 3's layout: each layer's own variables in
 * {@code layers/<layer>/vars/0, 1, ...} in the order of Keras's {@code layer.weights}, which is
 * Cambium's too (Dense kernel then bias; BatchNormalization gamma, beta, moving mean, moving
 * variance); a recurrent layer's in {@code layers/<layer>/cell/vars}, Bidirectional's in
 * {@code forward_layer/cell} and {@code backward_layer/cell}, a nested model's under
 * {@code layers/<model>/layers/...}. Loading is all or nothing: every array is found and its shape
 * checked against the layer's variable before any is assigned.
 */
public final class KerasModelFile {
    /** The largest config.json read. */
    public static final long MAX_CONFIG_BYTES = 64L << 20;

    private KerasModelFile() {
    }

    /**
     * A model from a {@code .keras} file (architecture and weights) or a Keras {@code .json}
     * config (architecture only).
     *
     * @throws InvalidFileException naming the file when the zip or the weights are damaged or do not fit
     * @throws InvalidConfigException naming the key when the config has options Cambium cannot honour
     */
    public static Model load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidFileException(file, "not a regular file");
        }
        if (file.getFileName().toString().endsWith(".json")) {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new InvalidFileException(file, "a config of " + Files.size(file) + " bytes is larger than "
                        + MAX_CONFIG_BYTES);
            }
            return KerasConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8));
        }
        byte[] config;
        byte[] weights;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            config = entry(zip, "config.json", MAX_CONFIG_BYTES, file);
            weights = entry(zip, "model.weights.h5", Runtime.getRuntime().maxMemory() / 4, file);
        } catch (java.util.zip.ZipException e) {
            throw new InvalidFileException(file, "not a .keras file (a zip archive): " + e.getMessage());
        }
        Model m = KerasConfig.fromJson(new String(config, StandardCharsets.UTF_8));
        try (HdfFile h5 = HdfFile.fromBytes(weights)) {
            assign(m, h5, file);
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF's errors on a damaged file
            throw new InvalidFileException(file, "model.weights.h5 cannot be read: " + e.getMessage(), e);
        }
        return m;
    }

    /** Assigns the weights of a Keras 3 {@code model.weights.h5} to a model built from the same config. */
    public static void loadWeights(Model model, Path weightsFile) throws IOException {
        if (!Files.isRegularFile(weightsFile)) {
            throw new InvalidFileException(weightsFile, "not a regular file");
        }
        try (HdfFile h5 = new HdfFile(weightsFile)) {
            assign(model, h5, weightsFile);
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InvalidFileException(weightsFile, "cannot be read as HDF5: " + e.getMessage(), e);
        }
    }

    private static byte[] entry(ZipFile zip, String name, long limit, Path file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new InvalidFileException(file, "has no " + name + " (not a Keras 3 .keras file)");
        }
        try (InputStream in = zip.getInputStream(e)) {
            // The declared size may lie: count what inflates.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new InvalidFileException(file, name + " inflates to more than " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static void assign(Model model, HdfFile h5, Path file) throws InvalidFileException {
        Map<Layer, List<Tensor>> values = new LinkedHashMap<>();
        collect(model, h5, "", file, values);
        for (Map.Entry<Layer, List<Tensor>> e : values.entrySet()) {
            e.getKey().setWeights(e.getValue());
        }
    }

    private static void collect(Model model, HdfFile h5, String prefix, Path file, Map<Layer, List<Tensor>> out)
            throws InvalidFileException {
        for (Layer l : model.layers()) {
            String base = prefix + "layers/" + l.name() + "/";
            if (l instanceof Model inner && inner.isGraphNetwork()) {
                collect(inner, h5, base, file, out);
                continue;
            }
            List<Variable> vars = l.variables();
            if (vars.isEmpty()) {
                continue;
            }
            if (l instanceof Bidirectional b) {
                out.put(b.forwardLayer(), arrays(h5, base + "forward_layer/cell/vars", b.forwardLayer(), file));
                out.put(b.backwardLayer(), arrays(h5, base + "backward_layer/cell/vars", b.backwardLayer(), file));
            } else if (l instanceof Recurrent<?>) {
                out.put(l, arrays(h5, base + "cell/vars", l, file));
            } else if (l instanceof TimeDistributed) {
                out.put(l, arrays(h5, base + "layer/vars", l, file));
            } else if (l instanceof MultiHeadAttention) {
                throw new InvalidFileException(file, "weights of MultiHeadAttention '" + l.name() + "' (Keras keeps"
                        + " them in EinsumDense sublayers) are not read yet");
            } else {
                out.put(l, arrays(h5, base + "vars", l, file));
            }
        }
    }

    /** The arrays of one vars group, in order, checked against the layer's variables. */
    private static List<Tensor> arrays(HdfFile h5, String path, Layer l, Path file) throws InvalidFileException {
        List<Variable> vars = l.variables();
        Group group = group(h5, path, l, file);
        int have = group.getChildren().size();
        if (have != vars.size()) {
            throw new InvalidFileException(file, path + " holds " + have + " arrays, " + l.describe() + " has "
                    + vars.size() + " weights");
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            out.add(read(group, i, path, vars.get(i), file));
        }
        return out;
    }

    private static Group group(HdfFile h5, String path, Layer l, Path file) throws InvalidFileException {
        Node n;
        try {
            n = h5.getByPath(path);
        } catch (RuntimeException e) {
            throw new InvalidFileException(file, "has no " + path + " for " + l.describe()
                    + " (not the weights of this architecture)");
        }
        if (!(n instanceof Group g)) {
            throw new InvalidFileException(file, path + " is not a group");
        }
        return g;
    }

    private static Tensor read(Group group, int index, String path, Variable v, Path file) throws InvalidFileException {
        Node n = group.getChild(Integer.toString(index));
        if (!(n instanceof Dataset d)) {
            throw new InvalidFileException(file, path + "/" + index + " is missing or not a dataset");
        }
        int[] dims = d.getDimensions();
        if (!Arrays.equals(dims, v.shape())) {
            throw new InvalidFileException(file, path + "/" + index + " has shape " + Shape.str(dims) + ", weight '"
                    + v.name() + "' has " + Shape.str(v.shape()));
        }
        Class<?> type = d.getJavaType();
        if (type != float.class && type != double.class) {
            throw new InvalidFileException(file, path + "/" + index + " holds " + type.getSimpleName() + " values, not floats");
        }
        Object data = d.getDataFlat();
        float[] f;
        if (data instanceof float[] a) {
            f = a;
        } else {
            double[] a = (double[]) data;
            f = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                f[i] = (float) a[i];
            }
        }
        if (f.length != Shape.numel(dims)) {
            throw new InvalidFileException(file, path + "/" + index + " holds " + f.length + " values for shape "
                    + Shape.str(dims));
        }
        return new Tensor(f, dims);
    }
}
