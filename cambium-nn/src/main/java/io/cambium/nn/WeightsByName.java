package io.cambium.nn;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keras's {@code load_weights(by_name=True, skip_mismatch=...)}: weights go to the layers of the
 * same name, layer by layer; a layer whose weights in the file differ in number or shape is an
 * error, or is skipped with {@code skipMismatch}. Layers on either side without a counterpart
 * are left alone. Either every matching layer is assigned or, on an error, none.
 */
final class WeightsByName {
    private WeightsByName() {
    }

    static WeightLoadReport load(Model model, Path file, boolean skipMismatch) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> tensors = c.tensors();
        if (ModelFile.FORMAT.equals(c.metadata().get("format"))) {
            tensors = ModelFile.load(file).weights();
        }
        try {
            return assign(model, tensors, skipMismatch);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
    }

    static WeightLoadReport assign(Model model, Map<String, Tensor> tensors, boolean skipMismatch) {
        // The file's weights grouped by layer: a variable is named <layer>/<weight>.
        Map<String, Set<String>> fileLayers = new LinkedHashMap<>();
        for (String k : tensors.keySet()) {
            int slash = k.lastIndexOf('/');
            fileLayers.computeIfAbsent(slash < 0 ? k : k.substring(0, slash), x -> new LinkedHashSet<>()).add(k);
        }
        List<String> loaded = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        List<String> untouched = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Map<Variable, Tensor> plan = new IdentityHashMap<>();
        Set<String> matchedFileLayers = new LinkedHashSet<>();
        for (Layer l : model.allLayersIncludingSelf()) {
            List<Variable> own = l.ownVariables();
            if (own.isEmpty()) {
                continue;
            }
            Set<String> inFile = fileLayers.get(l.name());
            if (inFile == null) {
                untouched.add(l.name());
                continue;
            }
            matchedFileLayers.add(l.name());
            String problem = mismatch(l, own, inFile, tensors);
            if (problem == null) {
                for (Variable v : own) {
                    plan.put(v, tensors.get(v.name()));
                }
                loaded.add(l.name());
            } else if (skipMismatch) {
                skipped.put(l.name(), problem);
            } else {
                errors.add(problem);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit the layers of the same name (skipMismatch(true) skips"
                    + " such layers): " + String.join("; ", errors));
        }
        plan.forEach(Variable::assign);
        List<String> unused = new ArrayList<>();
        for (String f : fileLayers.keySet()) {
            if (!matchedFileLayers.contains(f)) {
                unused.add(f);
            }
        }
        return new WeightLoadReport(loaded, skipped, untouched, unused);
    }

    /** Why the file's weights of a layer cannot be assigned to it, or {@code null}. */
    private static String mismatch(Layer l, List<Variable> own, Set<String> inFile, Map<String, Tensor> tensors) {
        if (inFile.size() != own.size()) {
            return l.describe() + " has " + own.size() + " weights, the file " + inFile.size() + " (" + inFile + ")";
        }
        for (Variable v : own) {
            Tensor t = tensors.get(v.name());
            if (t == null) {
                return l.describe() + ": the file has no '" + v.name() + "' (it has " + inFile + ")";
            }
            if (!Shape.same(t.shape(), v.shape())) {
                return l.describe() + ": '" + v.name() + "' has shape " + Shape.str(t.shape()) + " in the file, the layer's is "
                        + Shape.str(v.shape());
            }
        }
        return null;
    }
}
