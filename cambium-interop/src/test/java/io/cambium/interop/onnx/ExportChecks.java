package io.cambium.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Exports a model, checks the graph's structure, and compares onnxruntime's outputs with Cambium's. */
final class ExportChecks {
    /** The tolerance of the acceptance criterion: norm-wise relative error. */
    static final double TOLERANCE = 1e-5;

    private ExportChecks() {
    }

    /**
     * Gives every weight random values (positive ones for variances, kernels scaled by their fan-in
     * so that activations stay in range and softmax outputs do not saturate), so that no layer is an
     * identity and no output is trivially 0 or 1.
     */
    static void randomizeWeights(Model model, long seed) {
        Rng rng = new Rng(seed);
        try (NoGrad g = NoGrad.scope()) {
            for (Variable v : model.variables()) {
                int[] s = v.shape();
                float[] d = new float[v.value().numel()];
                boolean positive = v.name().endsWith("variance");
                double std = s.length >= 2 ? 1.0 / Math.sqrt(Math.max(1, d.length / s[s.length - 1])) : 0.3;
                for (int i = 0; i < d.length; i++) {
                    d[i] = positive ? 0.5f + rng.nextFloat() : (float) (rng.nextGaussian() * std);
                }
                v.assign(new Tensor(d, v.shape()));
            }
        }
    }

    /** Normal random values. */
    static Tensor randn(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0f, 1f, shape);
    }

    /** Random ids in [0, bound) held as floats (Cambium's form of ids). */
    static Tensor ids(long seed, int bound, int... shape) {
        Rng rng = new Rng(seed);
        float[] d = new float[io.cambium.tensor.Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(bound);
        }
        return new Tensor(d, shape);
    }

    /**
     * Exports {@code model}, checks the graph's structure and compares onnxruntime with Cambium on
     * {@code inputs}; returns the largest relative error over the outputs (and records it).
     */
    static double check(String label, Model model, List<Tensor> inputs) {
        return checkAll(label, model, List.of(inputs)).onnxruntime();
    }

    /** The largest relative errors of onnxruntime and of Cambium's importer against the model. */
    record Errors(double onnxruntime, double reimported) {
    }

    /**
     * {@link #check} with one export run on several sets of inputs (other batch sizes and sequence
     * lengths of the same graph); returns the largest errors over all sets and records them.
     */
    static Errors checkAll(String label, Model model, List<List<Tensor>> inputSets) {
        ModelProto proto = OnnxExporter.toProto(model);
        GraphCheck.check(proto);
        assertThat(proto.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(17);
        record(label, proto);
        keep(label, proto);
        byte[] bytes = proto.toByteArray();
        // The full-size zoo models hold up to 575 MB of weights: one serialized copy at a time.
        proto = null;
        double worst = 0;
        List<List<Tensor>> expectedSets = new ArrayList<>();
        for (List<Tensor> inputs : inputSets) {
            List<Tensor> expected;
            try (NoGrad g = NoGrad.scope()) {
                expected = model.callAll(inputs.toArray(new Tensor[0]));
            }
            expectedSets.add(expected);
            List<Tensor> actual = OrtRunner.run(bytes, inputs);
            assertThat(actual).hasSameSizeAs(expected);
            double err = 0;
            for (int i = 0; i < actual.size(); i++) {
                assertThat(actual.get(i).shape()).as(name(label, inputSets, inputs) + " output " + i + " shape")
                        .isEqualTo(expected.get(i).shape());
                err = Math.max(err, OrtRunner.relativeError(actual.get(i), expected.get(i)));
            }
            assertThat(err).as(name(label, inputSets, inputs) + ": relative error of onnxruntime vs Cambium")
                    .isLessThan(TOLERANCE);
            worst = Math.max(worst, err);
        }
        // And Cambium's own importer runs what its exporter wrote.
        OnnxModel back = OnnxImporter.read(bytes);
        bytes = null;
        double worstBack = 0;
        for (int k = 0; k < inputSets.size(); k++) {
            List<Tensor> inputs = inputSets.get(k);
            List<Tensor> expected = expectedSets.get(k);
            List<Tensor> again;
            try (NoGrad g = NoGrad.scope()) {
                again = back.callAll(inputs, false);
            }
            assertThat(again).hasSameSizeAs(expected);
            for (int i = 0; i < again.size(); i++) {
                double e = OrtRunner.relativeError(again.get(i), expected.get(i));
                assertThat(e).as(name(label, inputSets, inputs) + ": re-imported output " + i).isLessThan(TOLERANCE);
                worstBack = Math.max(worstBack, e);
            }
        }
        recordError(label, worst);
        return new Errors(worst, worstBack);
    }

    private static String name(String label, List<List<Tensor>> sets, List<Tensor> inputs) {
        if (sets.size() == 1) {
            return label;
        }
        List<String> s = new ArrayList<>();
        for (Tensor t : inputs) {
            s.add(io.cambium.tensor.Shape.str(t.shape()));
        }
        return label + " on " + String.join(", ", s);
    }

    /** {@link #check} on one input. */
    static double check(String label, Model model, Tensor input) {
        return check(label, model, List.of(input));
    }

    /**
     * Writes the exported model to the folder named by {@code -Dcambium.onnx.exportDir}, when given,
     * for tools/fixtures/check_onnx_exports.py (onnx.checker with full shape inference).
     */
    private static void keep(String label, ModelProto proto) {
        String dir = System.getProperty("cambium.onnx.exportDir");
        if (dir == null || dir.isEmpty()) {
            return;
        }
        String file = label.replaceAll("[^A-Za-z0-9.=-]+", "_") + ".onnx";
        try {
            Path d = Path.of(dir);
            Files.createDirectories(d);
            try (var out = Files.newOutputStream(d.resolve(file))) {
                proto.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pending;

    /** Remembers the graph's size and operators for the report line written by {@link #recordError}. */
    private static void record(String label, ModelProto proto) {
        List<String> ops = new ArrayList<>();
        proto.getGraph().getNodeList().forEach(n -> {
            if (!ops.contains(n.getOpType())) {
                ops.add(n.getOpType());
            }
        });
        long params = 0;
        for (var t : proto.getGraph().getInitializerList()) {
            long n = 1;
            for (long d : t.getDimsList()) {
                n *= d;
            }
            params += n;
        }
        pending = proto.getGraph().getNodeCount() + " nodes\t" + params + " weights\t" + String.join(",", ops);
    }

    /** Appends the model's line to target/onnx-export-report.tsv: label, error, nodes, weights, operators. */
    private static void recordError(String label, double err) {
        Path report = Path.of("target", "onnx-export-report.tsv");
        try {
            Files.createDirectories(report.getParent());
            Files.writeString(report, label + "\t" + String.format("%.3g", err) + "\t" + pending + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
