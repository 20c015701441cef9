package io.cambium.nn.io;

import io.cambium.nn.Variable;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weights-only files: plain safetensors keyed by variable name, readable by any safetensors
 * tool. Loading into variables is all-or-nothing: every variable must be present with its
 * shape, and nothing is assigned unless everything matches.
 */
public final class Weights {
    private Weights() {
    }

    /** Saves the values of {@code variables} (trainable or not) atomically. */
    public static void save(Path file, List<Variable> variables) throws IOException {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Variable v : variables) {
            if (m.put(v.name(), v.value()) != null) {
                throw new IllegalArgumentException("Weights.save: two variables are named '" + v.name() + "'");
            }
        }
        SafeTensors.write(file, m);
    }

    /**
     * Loads a weights file (or the weights of a model file) into {@code variables}.
     *
     * @throws InvalidFileException listing missing, unexpected and mis-shaped weights; no
     *     variable is changed then
     */
    public static void load(Path file, List<Variable> variables) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> tensors = c.tensors();
        if (ModelFile.FORMAT.equals(c.metadata().get("format"))) {
            tensors = ModelFile.load(file).weights();
        }
        assign(file, tensors, variables);
    }

    /**
     * Assigns {@code tensors} to {@code variables} by name, all or nothing.
     *
     * @param source the file the tensors came from, for messages
     * @throws InvalidFileException listing every missing, unexpected and mis-shaped weight
     */
    public static void assign(Path source, Map<String, Tensor> tensors, List<Variable> variables)
            throws InvalidFileException {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Variable v : variables) {
            names.add(v.name());
            Tensor t = tensors.get(v.name());
            if (t == null) {
                problems.add("missing weight '" + v.name() + "' " + Shape.str(v.shape()));
            } else if (!Shape.same(t.shape(), v.shape())) {
                problems.add("weight '" + v.name() + "' has shape " + Shape.str(t.shape()) + ", the model expects "
                        + Shape.str(v.shape()));
            }
        }
        for (String k : tensors.keySet()) {
            if (!names.contains(k)) {
                problems.add("unexpected weight '" + k + "' (no variable of that name)");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFileException(source, "weights do not match the model: " + String.join("; ", problems));
        }
        for (Variable v : variables) {
            v.assign(tensors.get(v.name()));
        }
    }
}
